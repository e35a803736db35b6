import { randomUUID } from "node:crypto";
import { paged } from "../paged.js";
import { type RetryOptions, withRetries } from "../retry.js";
import type { Transport } from "../transport.js";
import type { Body, CallOptions, Query } from "../types.js";

export interface SendOptions extends CallOptions {
  // Defaults to the body's `id`, else a random UUID: every retry of this call sends the same key,
  // so Herald stores the event once however many tries it took.
  idempotencyKey?: string;
}

export function eventsApi(call: Transport, retry: RetryOptions) {
  return {
    // Retries 429, 5xx and connection errors (honouring Retry-After) with the same Idempotency-Key.
    send: (body: Body<"sendEvent">, options: SendOptions = {}) => {
      const key = options.idempotencyKey ?? body.id ?? randomUUID();
      const headers = { "idempotency-key": key };
      return withRetries(
        async () => (await call("sendEvent", { body, headers, options })).data,
        retry,
        options.signal,
      );
    },
    // One result per event, in order: { id, type, deliveries } or { error }. Retried like send only
    // when every event has an `id` (its idempotency key); otherwise sent once.
    sendBatch: (body: Body<"sendEventBatch">, options: CallOptions = {}) => {
      const send = async () => (await call("sendEventBatch", { body, options })).data;
      // A malformed body is the server's to refuse (422), not a TypeError here.
      const events: unknown = (body as Partial<typeof body> | undefined)?.events;
      const keyed = Array.isArray(events) && events.every((event) => event?.id !== undefined);
      return keyed ? withRetries(send, retry, options.signal) : send();
    },
    list: (query?: Query<"listEvents">, options?: CallOptions) =>
      paged(call, "listEvents", query, { options }),
    get: async (id: string, options?: CallOptions) =>
      (await call("getEvent", { path: { id }, options })).data,
    deliveries: (id: string, query?: Query<"listEventDeliveries">, options?: CallOptions) =>
      paged(call, "listEventDeliveries", query, { path: { id }, options }),
  };
}
