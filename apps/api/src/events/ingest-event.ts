import { type Database, sameMillisecond, sql, uuidv7 } from "@herald/db";
import { AppError } from "../http/app-error.js";
import { hashRequest } from "./request-hash.js";

export interface IngestInput {
  accountId: string;
  type: string;
  data: unknown;
  // `data` as the producer wrote it; stored and delivered byte for byte when present.
  rawData?: string | undefined;
  idempotencyKey: string | undefined;
}

export interface IngestResult {
  // The answer for this event: the same one every time the same request is replayed.
  event: { id: string; type: string; deliveries: number };
  replayed: boolean;
  // Deliveries to enqueue (empty on a replay: they were enqueued the first time).
  deliveries: { id: string; webhookId: string }[];
}

// One statement writes the event, its idempotency key and one delivery per matching active
// webhook, so a crash or a lost connection leaves either all of it or none. A reused idempotency
// key inserts nothing and is answered from the stored event: 202 again for the same body, 409
// for another. The event id is a UUIDv7 of created_at and each delivery id shares its time bits,
// which places both in the same day partition (docs/database.md).
export async function ingestEvent(db: Database, input: IngestInput): Promise<IngestResult> {
  const createdAt = new Date();
  const id = uuidv7(createdAt);
  const requestHash = await hashRequest(input.type, input.data);
  const payload = input.rawData ?? JSON.stringify(input.data);
  const key = input.idempotencyKey ?? null;
  const rows = await db.query<{ event_id: string | null; delivery_ids: string[]; webhook_ids: string[] }>(sql`
    WITH new_key AS (
      INSERT INTO idempotency_keys (account_id, key, event_id, request_hash, created_at)
      SELECT ${input.accountId}::uuid, ${key}::text, ${id}::uuid, ${requestHash}, ${createdAt}::timestamptz
      WHERE ${key}::text IS NOT NULL
      ON CONFLICT (account_id, key) DO NOTHING
      RETURNING event_id
    ), new_event AS (
      INSERT INTO events (id, account_id, type, payload, idempotency_key, request_hash, created_at)
      SELECT ${id}::uuid, ${input.accountId}::uuid, ${input.type}, ${payload}::text, ${key}::text, ${requestHash},
             ${createdAt}::timestamptz
      WHERE ${key}::text IS NULL OR EXISTS (SELECT 1 FROM new_key)
      RETURNING id, created_at
    ), new_deliveries AS (
      INSERT INTO deliveries (id, event_id, webhook_id, next_attempt_at, created_at, updated_at)
      SELECT (left(e.id::text, 24) || right(gen_random_uuid()::text, 12))::uuid, e.id, w.id,
             e.created_at, e.created_at, e.created_at
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
  if (key === null) throw new Error("ingest stored no event and no idempotency key was given");
  return { event: await replay(db, input.accountId, key, requestHash), replayed: true, deliveries: [] };
}

export async function replay(db: Database, accountId: string, key: string, requestHash: string) {
  const [stored] = await db.query<{ event_id: string; request_hash: string }>(sql`
    SELECT event_id, request_hash FROM idempotency_keys WHERE account_id = ${accountId}::uuid AND key = ${key}`);
  if (!stored) throw new Error("idempotency conflict without a stored key");
  if (stored.request_hash !== requestHash) {
    throw new AppError("CONFLICT", "This idempotency key was already used with a different request body", {
      idempotency_key: `already used for event ${stored.event_id}`,
    });
  }
  const [low, high] = sameMillisecond(stored.event_id);
  const [event] = await db.query<{ type: string; deliveries: number }>(sql`
    SELECT e.type, (SELECT count(*)::int FROM deliveries d
                    WHERE d.event_id = e.id AND d.id BETWEEN ${low}::uuid AND ${high}::uuid) AS deliveries
    FROM events e WHERE e.id = ${stored.event_id}::uuid`);
  if (!event) throw new Error(`event ${stored.event_id} of an idempotency key is gone`);
  return { id: stored.event_id, type: event.type, deliveries: event.deliveries };
}
