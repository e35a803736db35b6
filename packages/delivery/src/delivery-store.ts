import { type Database, sameMillisecond, sql } from "@herald/db";
import { batchPerTickBy } from "./batch-per-tick.js";

// The delivery state machine's reads in Postgres, and its writes other than an attempt's record
// (record-attempts.ts): one query loads everything an attempt needs.

export interface DeliveryRow {
  id: string;
  status: "pending" | "succeeded" | "failed";
  is_test: boolean;
  attempt_count: number;
  // Manual retries so far (recordAttempt honours one that came while this attempt was in flight).
  retry_requests: number;
  webhook_id: string;
  account_id: string;
  url: string;
  webhook_status: "active" | "disabled";
  webhook_deleted: boolean;
  // The current secret first, then the previous ones still inside their grace period.
  secrets_encrypted: string[];
  // The webhook's delivery policy (null: the global setting).
  headers: Record<string, string>;
  retry_schedule: number[] | null;
  timeout_ms: number | null;
  rate_limit_per_second: number | null;
  max_in_flight: number | null;
  ordered: boolean;
  // An ordered webhook's earlier delivery still pending, which this one waits for.
  waiting_for: string | null;
  created_at: Date;
  event_id: string;
  event_type: string;
  event_created_at: Date;
  payload: string;
}

// The jobs that share a database handle and a batch window load their deliveries with one
// statement.
export const loadDelivery: (db: Database, deliveryId: string) => Promise<DeliveryRow | undefined> =
  batchPerTickBy(loadDeliveries, (db) => db.batchWindowMs);

// One row per id asked for (undefined: no such delivery), in the order asked.
export async function loadDeliveries(
  db: Database,
  deliveryIds: string[],
): Promise<(DeliveryRow | undefined)[]> {
  // A delivery's id starts with its event's time bits: bounding the event id by them lets
  // Postgres read one events partition instead of probing every day (docs/database.md). The
  // lateral subquery runs per id, so each keeps that plan.
  const bounds = deliveryIds.map(sameMillisecond);
  const rows = await db.query<DeliveryRow>(sql`
    SELECT x.* FROM unnest(${deliveryIds}::uuid[], ${bounds.map((b) => b[0])}::uuid[], ${bounds.map((b) => b[1])}::uuid[])
                    AS k(id, low, high)
    CROSS JOIN LATERAL (
    SELECT d.id, d.status::text AS status, d.is_test, d.attempt_count, d.retry_requests, d.webhook_id,
           w.account_id, w.url,
           w.status::text AS webhook_status, w.deleted_at IS NOT NULL AS webhook_deleted,
           ARRAY[w.secret_encrypted] || ARRAY(SELECT s->>'secret' FROM jsonb_array_elements(w.previous_secrets) s
                                              WHERE (s->>'expires_at')::timestamptz > now()) AS secrets_encrypted,
           w.headers, NULLIF(w.retry_schedule, '{}') AS retry_schedule, w.timeout_ms, w.rate_limit_per_second,
           w.max_in_flight, w.ordered, d.created_at,
           -- Ordered webhooks only: the latest earlier delivery still pending (the webhook's
           -- index on (webhook_id, created_at), read backwards from this delivery).
           CASE WHEN w.ordered AND NOT d.is_test THEN (
             SELECT p.id FROM deliveries p
             WHERE p.webhook_id = d.webhook_id AND p.created_at <= d.created_at AND p.id < d.id
               AND p.status = 'pending' AND NOT p.is_test
             ORDER BY p.created_at DESC, p.id DESC LIMIT 1) END AS waiting_for,
           e.id AS event_id, e.type AS event_type, e.created_at AS event_created_at, e.payload::text AS payload
    FROM deliveries d
    JOIN webhooks w ON w.id = d.webhook_id
    JOIN events e ON e.id = d.event_id AND e.id BETWEEN k.low AND k.high
    WHERE d.id = k.id
    -- Not merged into the outer query: per id, so each id reads its own day only.
    OFFSET 0) x`);
  const byId = new Map(rows.map((row) => [row.id, row]));
  return deliveryIds.map((id) => byId.get(id));
}

// An ordered webhook's next delivery still pending after this one, whose job to wake.
export async function nextInOrder(
  db: Database,
  delivery: { id: string; webhookId: string; createdAt: Date },
): Promise<string | undefined> {
  const rows = await db.query<{ id: string }>(sql`
    SELECT id FROM deliveries
    WHERE webhook_id = ${delivery.webhookId}::uuid AND created_at >= ${delivery.createdAt}::timestamptz
      AND id > ${delivery.id}::uuid AND status = 'pending' AND NOT is_test
    ORDER BY created_at, id LIMIT 1`);
  return rows[0]?.id;
}

// Whether a delivery is still pending (an ordered webhook's next delivery waits for it).
export async function isPending(db: Database, deliveryId: string): Promise<boolean> {
  const rows = await db.query<{ pending: boolean }>(sql`
    SELECT status = 'pending' AS pending FROM deliveries WHERE id = ${deliveryId}::uuid`);
  return rows[0]?.pending ?? false;
}

// Ends a delivery without sending, saying why (webhook disabled or deleted).
export async function failWithoutAttempt(db: Database, deliveryId: string, reason: string): Promise<boolean> {
  const changed = await db.query(sql`
    UPDATE deliveries SET status = 'failed', last_error = ${reason}, next_attempt_at = NULL,
           completed_at = now(), updated_at = now()
    WHERE id = ${deliveryId}::uuid AND status = 'pending'
    RETURNING id`);
  return changed.length > 0;
}
