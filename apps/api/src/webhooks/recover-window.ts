import { idFloor, type PrismaClient, type Webhook } from "@herald/db";
import { TEST_EVENT_TYPE } from "../events/event-catalog.js";

// Events per batch: each batch is one short statement (one transaction when not a dry run).
export const RECOVER_BATCH = 500;

export interface RecoverCounts {
  // Failed deliveries to this webhook, made pending again.
  failed: number;
  // Events of the webhook's types with no delivery to it (ingested while it was disabled):
  // a delivery is created for each.
  skipped: number;
}

// Walks the account's events created in [since, until) in batches of RECOVER_BATCH, in id
// (= time) order, so Postgres reads only the partitions of the window. For each batch: failed
// deliveries to the webhook become pending, and events it subscribes to that have no delivery
// to it get one. Never touches a delivery that succeeded or is pending. A per-webhook advisory
// lock makes concurrent recovers of one webhook take turns, so no event gets two deliveries.
export async function recoverWindow(
  prisma: PrismaClient,
  webhook: Webhook,
  window: { since: Date; until: Date; dryRun: boolean },
  onBatch: (deliveryIds: string[]) => Promise<unknown>,
): Promise<RecoverCounts> {
  const counts: RecoverCounts = { failed: 0, skipped: 0 };
  const low = idFloor(window.since);
  const high = idFloor(window.until);
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const found = await prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`herald:recover:${webhook.id}`}))`;
      const [row] = await tx.$queryRaw<{ last: string | null; failed: string[]; skipped: string[] }[]>`
        WITH batch AS (
          SELECT e.id, e.type, e.created_at FROM events e
          WHERE e.account_id = ${webhook.accountId}::uuid
            AND e.id >= ${low}::uuid AND e.id > ${after}::uuid AND e.id < ${high}::uuid AND e.type <> ${TEST_EVENT_TYPE}
          ORDER BY e.id LIMIT ${RECOVER_BATCH}
        ), mine AS (
          SELECT d.id, d.event_id, d.status FROM batch b JOIN deliveries d
            ON d.event_id = b.id AND d.webhook_id = ${webhook.id}::uuid
           AND d.id BETWEEN (left(b.id::text, 13) || '-0000-0000-000000000000')::uuid
                        AND (left(b.id::text, 13) || '-ffff-ffff-ffffffffffff')::uuid
        ), failed AS (
          UPDATE deliveries d SET status = 'pending', next_attempt_at = now(), completed_at = NULL, updated_at = now()
          FROM mine m
          WHERE NOT ${window.dryRun}::boolean AND d.id = m.id AND m.status = 'failed' AND NOT d.is_test
          RETURNING d.id
        ), missing AS (
          SELECT b.id, b.created_at FROM batch b
          WHERE b.created_at >= ${webhook.createdAt}::timestamptz
            AND (b.type = ANY(${webhook.events}::text[]) OR '*' = ANY(${webhook.events}::text[]))
            AND NOT EXISTS (SELECT 1 FROM mine m WHERE m.event_id = b.id)
        ), created AS (
          INSERT INTO deliveries (id, event_id, webhook_id, next_attempt_at, created_at, updated_at)
          SELECT (left(m.id::text, 24) || right(gen_random_uuid()::text, 12))::uuid, m.id,
                 ${webhook.id}::uuid, now(), m.created_at, now()
          FROM missing m WHERE NOT ${window.dryRun}::boolean
          RETURNING id
        )
        SELECT (SELECT max(id::text) FROM batch) AS last,
               CASE WHEN ${window.dryRun}::boolean
                    THEN ARRAY(SELECT id::text FROM mine WHERE status = 'failed')
                    ELSE ARRAY(SELECT id::text FROM failed) END AS failed,
               CASE WHEN ${window.dryRun}::boolean
                    THEN ARRAY(SELECT id::text FROM missing)
                    ELSE ARRAY(SELECT id::text FROM created) END AS skipped`;
      return row!;
    });
    counts.failed += found.failed.length;
    counts.skipped += found.skipped.length;
    if (!window.dryRun) await onBatch([...found.failed, ...found.skipped]);
    if (found.last === null) return counts;
    after = found.last;
  }
}
