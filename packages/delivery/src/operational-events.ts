import { type Database, sql, uuidv7 } from "@herald/db";
import type { DeliveryRef } from "./enqueue-deliveries.js";

// Events Herald publishes about an account's own webhooks, into that account, like any other
// event: signed, retried and logged. Producers cannot send them (the API refuses these types),
// and only webhooks naming a type receive it ("*" does not include them: a catch-all receiver
// written before they existed never sees them).
export const OPERATIONAL_EVENTS = {
  "webhook.disabled": "Herald disabled one of this account's webhooks (data: reason, last_error)",
  "webhook.enabled": "One of this account's webhooks was enabled again",
  "webhook.circuit_opened":
    "Herald stopped attempting a destination of this account for a while (data: retry_at)",
  "delivery.exhausted": "A delivery failed for good (data: attempts, last_status_code, last_error)",
} as const;

type OperationalEventType = keyof typeof OPERATIONAL_EVENTS;

export function isOperationalEvent(type: string): type is OperationalEventType {
  return Object.hasOwn(OPERATIONAL_EVENTS, type);
}

export interface OperationalEvent {
  accountId: string;
  type: OperationalEventType;
  // The webhook the event is about: it never receives it.
  webhookId: string;
  data: Record<string, unknown>;
}

// One statement, like an ingest: the event and one delivery per active webhook of the account
// that subscribes to this type by name, except the webhook the event is about. Returns the
// deliveries to enqueue (the sweeper enqueues them if the caller cannot).
export async function publishOperationalEvent(db: Database, event: OperationalEvent): Promise<DeliveryRef[]> {
  const createdAt = new Date();
  const id = uuidv7(createdAt);
  const payload = JSON.stringify({ webhook_id: event.webhookId, ...event.data });
  const rows = await db.query<{ id: string; webhook_id: string }>(sql`
    WITH new_event AS (
      INSERT INTO events (id, account_id, type, payload, created_at)
      VALUES (${id}::uuid, ${event.accountId}::uuid, ${event.type}, ${payload}::text, ${createdAt}::timestamptz)
      RETURNING id, created_at
    )
    INSERT INTO deliveries (id, event_id, webhook_id, next_attempt_at, created_at, updated_at)
    SELECT (left(e.id::text, 24) || right(gen_random_uuid()::text, 12))::uuid, e.id, w.id,
           e.created_at, e.created_at, e.created_at
    FROM new_event e
    JOIN webhooks w ON w.account_id = ${event.accountId}::uuid AND w.status = 'active' AND w.deleted_at IS NULL
      AND w.events @> ARRAY[${event.type}]::text[] AND w.id <> ${event.webhookId}::uuid
    RETURNING id::text, webhook_id::text`);
  return rows.map((row) => ({ id: row.id, webhookId: row.webhook_id }));
}
