import { type Database, sameMillisecond, sql, uuidv7 } from "@herald/db";
import type { DeliveryRef } from "@herald/delivery";
import { AppError } from "../http/app-error.js";
import { hashRequest } from "./request-hash.js";

// One event of a batch that passed validation.
export interface BatchItem {
  type: string;
  data: unknown;
  rawData?: string | undefined;
  idempotencyKey: string | undefined;
}

export interface Ingested {
  ok: true;
  // The answer for this event: the same one every time the same request is replayed.
  event: { id: string; type: string; deliveries: number };
  replayed: boolean;
  // Deliveries to enqueue (none on a replay: they were enqueued the first time).
  deliveries: DeliveryRef[];
}

export type BatchOutcome = Ingested | { ok: false; error: AppError };

interface Row {
  ord: string;
  stored: boolean;
  deliveries: string[];
}

// Every event of a batch, its idempotency key and its deliveries in ONE statement: the items go
// in as parallel arrays (unnest), each with its own UUIDv7 id of one shared created_at, so a
// batch lands in one day partition. An item whose key already exists inserts nothing and is
// answered like a single-event replay (202 for the same request, 409 for another); a key used
// twice in one batch is stored once and its later uses are replays of the first.
export async function ingestBatch(
  db: Database,
  accountId: string,
  items: BatchItem[],
): Promise<BatchOutcome[]> {
  const createdAt = new Date();
  // Ids of one millisecond, sorted and handed out in the batch's order: an ordered webhook gets
  // the batch's events in the order they were sent.
  const ids = items.map(() => uuidv7(createdAt)).sort();
  const prepared = await Promise.all(
    items.map(async (item, index) => ({
      item,
      id: ids[index]!,
      // Compared only when the key is used again, so only a request with a key is hashed.
      requestHash: item.idempotencyKey === undefined ? null : await hashRequest(item.type, item.data),
      payload: item.rawData ?? JSON.stringify(item.data),
    })),
  );
  // A key's first use in the batch is the one stored; later uses point at it.
  const firstUse = new Map<string, number>();
  const sent: number[] = [];
  prepared.forEach((entry, index) => {
    const key = entry.item.idempotencyKey;
    if (key !== undefined) {
      if (firstUse.has(key)) return;
      firstUse.set(key, index);
    }
    sent.push(index);
  });
  const pick = <T>(get: (entry: (typeof prepared)[number]) => T) =>
    sent.map((index) => get(prepared[index]!));
  const rows = await db.query<Row>(sql`
    WITH input AS (
      SELECT * FROM unnest(${pick((e) => e.id)}::uuid[], ${pick((e) => e.item.idempotencyKey ?? null)}::text[],
                           ${pick((e) => e.item.type)}::text[], ${pick((e) => e.payload)}::text[],
                           ${pick((e) => e.requestHash)}::text[])
        WITH ORDINALITY AS i(id, key, type, payload, request_hash, ord)
    ), new_keys AS (
      INSERT INTO idempotency_keys (account_id, key, event_id, request_hash, created_at)
      SELECT ${accountId}::uuid, i.key, i.id, i.request_hash, ${createdAt}::timestamptz
      FROM input i WHERE i.key IS NOT NULL
      -- Keys go in sorted, whatever the batch's order: two batches sharing keys then wait on
      -- each other in one direction only, never in a cycle that Postgres breaks by failing one.
      ORDER BY i.key
      ON CONFLICT (account_id, key) DO NOTHING
      RETURNING event_id
    ), new_events AS (
      INSERT INTO events (id, account_id, type, payload, idempotency_key, request_hash, created_at)
      SELECT i.id, ${accountId}::uuid, i.type, i.payload, i.key, i.request_hash, ${createdAt}::timestamptz
      FROM input i WHERE i.key IS NULL OR i.id IN (SELECT event_id FROM new_keys)
      RETURNING id, type, created_at
    ), subscribed AS MATERIALIZED (
      -- The account's active webhooks that take any of the batch's types, one row per type each
      -- subscribes to ('*': every type), found once and matched to the events by equality.
      -- Testing every webhook's list against every event cost events × webhooks (a third of
      -- Postgres's CPU per event in 100-event batches to an account with 100 webhooks).
      SELECT w.id AS webhook_id, s.type
      FROM webhooks w CROSS JOIN LATERAL unnest(w.events) AS s(type)
      WHERE w.account_id = ${accountId}::uuid AND w.status = 'active' AND w.deleted_at IS NULL
        AND w.events && (SELECT array_agg(DISTINCT i.type) || '{*}'::text[] FROM input i)
    ), new_deliveries AS (
      INSERT INTO deliveries (id, event_id, webhook_id, next_attempt_at, created_at, updated_at)
      SELECT (left(m.event_id::text, 24) || right(gen_random_uuid()::text, 12))::uuid, m.event_id,
             m.webhook_id, m.created_at, m.created_at, m.created_at
      FROM (SELECT DISTINCT e.id AS event_id, e.created_at, s.webhook_id
            FROM new_events e CROSS JOIN LATERAL (VALUES (e.type), ('*')) AS k(type)
            JOIN subscribed s ON s.type = k.type) m
      RETURNING id, event_id, webhook_id
    )
    SELECT i.ord, EXISTS (SELECT 1 FROM new_events e WHERE e.id = i.id) AS stored,
           ARRAY(SELECT d.id::text || ' ' || d.webhook_id::text FROM new_deliveries d WHERE d.event_id = i.id)
             AS deliveries
    FROM input i ORDER BY i.ord`);

  const outcomes: BatchOutcome[] = new Array(items.length);
  for (const row of rows) {
    const index = sent[Number(row.ord) - 1]!;
    const { item, id } = prepared[index]!;
    if (!row.stored) continue;
    const refs = row.deliveries.map((pair) => {
      const [deliveryId, webhookId] = pair.split(" ") as [string, string];
      return { id: deliveryId, webhookId };
    });
    outcomes[index] = {
      ok: true,
      event: { id, type: item.type, deliveries: refs.length },
      replayed: false,
      deliveries: refs,
    };
  }
  // Keys that already existed (or repeat within the batch): answered from what is stored.
  for (const [index, entry] of prepared.entries()) {
    if (outcomes[index]) continue;
    const key = entry.item.idempotencyKey;
    const { requestHash } = entry;
    if (key === undefined || requestHash === null)
      throw new Error("a batch item without an idempotency key was not stored");
    try {
      const event = await replay(db, accountId, key, requestHash);
      outcomes[index] = { ok: true, event, replayed: true, deliveries: [] };
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      outcomes[index] = { ok: false, error };
    }
  }
  return outcomes;
}

// The stored answer for an idempotency key used again: the same event for the same request
// (replayed), 409 for another.
async function replay(db: Database, accountId: string, key: string, requestHash: string) {
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
