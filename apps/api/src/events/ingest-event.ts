import { createHash, randomUUID } from "node:crypto";
import { type Database, sql } from "@herald/db";
import { AppError } from "../http/app-error.js";

export interface IngestInput {
  accountId: string;
  type: string;
  data: unknown;
  idempotencyKey: string | undefined;
}

export interface IngestResult {
  // The answer for this event: the same one every time the same request is replayed.
  event: { id: string; type: string; deliveries: number };
  replayed: boolean;
  // Deliveries to enqueue (empty on a replay: they were enqueued the first time).
  deliveries: { id: string; webhookId: string }[];
}

// One statement writes the event and one delivery per matching active webhook, so a crash or a
// lost connection leaves either all of it or none. A reused idempotency key inserts nothing
// and is answered from the stored event: 202 again for the same body, 409 for another.
export async function ingestEvent(db: Database, input: IngestInput): Promise<IngestResult> {
  const id = randomUUID();
  const requestHash = hashRequest(input.type, input.data);
  const payload = JSON.stringify(input.data);
  const rows = await db.query<{ event_id: string | null; delivery_ids: string[]; webhook_ids: string[] }>(sql`
    WITH new_event AS (
      INSERT INTO events (id, account_id, type, payload, idempotency_key, request_hash)
      VALUES (${id}::uuid, ${input.accountId}::uuid, ${input.type}, ${payload}::jsonb, ${input.idempotencyKey ?? null}::text, ${requestHash})
      ON CONFLICT (account_id, idempotency_key) DO NOTHING
      RETURNING id, created_at
    ), new_deliveries AS (
      INSERT INTO deliveries (id, event_id, webhook_id, next_attempt_at, created_at, updated_at)
      SELECT gen_random_uuid(), e.id, w.id, e.created_at, e.created_at, e.created_at
      FROM new_event e
      JOIN webhooks w ON w.account_id = ${input.accountId}::uuid AND w.status = 'active' AND w.deleted_at IS NULL
        AND (w.events @> ARRAY[${input.type}]::text[] OR w.events @> ARRAY['*']::text[])
      RETURNING id, webhook_id
    )
    SELECT (SELECT id FROM new_event) AS event_id,
           ARRAY(SELECT id::text FROM new_deliveries) AS delivery_ids,
           ARRAY(SELECT webhook_id::text FROM new_deliveries) AS webhook_ids`);
  const row = rows[0];
  if (row?.event_id) {
    return {
      event: { id: row.event_id, type: input.type, deliveries: row.delivery_ids.length },
      replayed: false,
      deliveries: row.delivery_ids.map((deliveryId, index) => ({
        id: deliveryId,
        webhookId: row.webhook_ids[index]!,
      })),
    };
  }
  return { event: await replay(db.prisma, input, requestHash), replayed: true, deliveries: [] };
}

async function replay(prisma: Database["prisma"], input: IngestInput, requestHash: string) {
  const existing = await prisma.event.findUnique({
    where: {
      accountId_idempotencyKey: { accountId: input.accountId, idempotencyKey: input.idempotencyKey! },
    },
    select: { id: true, type: true, requestHash: true, _count: { select: { deliveries: true } } },
  });
  if (!existing) throw new Error("idempotency conflict without a stored event");
  if (existing.requestHash !== requestHash) {
    throw new AppError("CONFLICT", "This idempotency key was already used with a different request body", {
      idempotency_key: `already used for event ${existing.id}`,
    });
  }
  return { id: existing.id, type: existing.type, deliveries: existing._count.deliveries };
}

// Key order does not change the hash: {"a":1,"b":2} and {"b":2,"a":1} are the same request.
export function hashRequest(type: string, data: unknown): string {
  return createHash("sha256").update(canonicalJson({ type, data })).digest("hex");
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
