import { z } from "zod";
import { eventBody, idempotencyHeader } from "../events/event-body.js";
import type { DocumentedOperation } from "../http/operation.js";
import { listWebhookDeliveries, retryDelivery } from "../routes/deliveries.js";
import { eventLogItem, INLINE_LIMIT } from "../routes/event-log.js";
import { attemptObject as attempt, deliveryObject as delivery } from "../routes/present-delivery.js";
import { recoverOperation } from "../routes/recover.js";
import { rotateSecretOperation } from "../routes/rotate-secret.js";
import type { OperationSettings } from "../routes/route-deps.js";
import { testSendOperation } from "../routes/test-send.js";
import { webhookOperations } from "../routes/webhooks.js";
import { failure, pageMeta, success } from "./envelope-schemas.js";
import { accountOperations } from "./operations-accounts.js";

// Every operation of the API, declared once: the document's paths are built from this list.

export interface DocumentOptions extends OperationSettings {
  version: string;
  // The API's base URL for generated clients (PUBLIC_URL, else http://localhost:PORT).
  serverUrl: string;
}

export function documentedOperations(options: DocumentOptions): DocumentedOperation[] {
  const pageParams = {
    limit: z.number().int().min(1).max(100).default(20).meta({ description: "Page size, 1-100" }),
    cursor: z.string().optional().meta({ description: "meta.next_cursor of the previous page" }),
  };
  return [
    ...webhookOperations(options),
    rotateSecretOperation(options),
    testSendOperation,
    recoverOperation,
    listWebhookDeliveries,
    {
      method: "post",
      path: "/events",
      operationId: "sendEvent",
      errors: ["CONFLICT"],
      summary: "Ingest an event (Idempotency-Key header or `id` dedupes)",
      scope: "events:write",
      body: eventBody(options.catalog),
      headers: idempotencyHeader,
      status: 202,
      response: success(z.object({ id: z.uuid(), type: z.string(), deliveries: z.number().int() })),
    },
    {
      method: "post",
      path: "/events/batch",
      operationId: "sendEventBatch",
      summary:
        "Ingest up to MAX_BATCH_EVENTS events in one request: one result per event, in order; a bad event fails only itself",
      scope: "events:write",
      body: z.strictObject({
        events: z
          .array(eventBody(options.catalog))
          .min(1)
          .meta({ description: "Up to MAX_BATCH_EVENTS events; `id` is each event's idempotency key" }),
      }),
      status: 202,
      response: success(
        z.array(
          z.union([
            z.object({ id: z.uuid(), type: z.string(), deliveries: z.number().int() }),
            failure.pick({ error: true }),
          ]),
        ),
      ),
    },
    {
      method: "get",
      path: "/events",
      operationId: "listEvents",
      summary: "The event log: the account's events, newest first, with delivery counts",
      scope: "events:read",
      query: z.object({
        ...pageParams,
        type: z
          .array(z.string())
          .optional()
          .meta({ description: "Only these event types (repeat the parameter or separate with commas)" }),
        since: z.iso
          .datetime({ offset: true })
          .optional()
          .meta({ description: "Events created at or after" }),
        until: z.iso.datetime({ offset: true }).optional().meta({ description: "Events created before" }),
      }),
      status: 200,
      response: success(z.array(eventLogItem), pageMeta),
    },
    {
      method: "get",
      path: "/events/{id}",
      operationId: "getEvent",
      summary: `Get an event, its data exactly as sent, and its first ${INLINE_LIMIT} deliveries`,
      scope: "events:read",
      status: 200,
      response: success(
        z.object({
          id: z.uuid(),
          type: z.string(),
          data: z.record(z.string(), z.unknown()),
          idempotency_key: z.string().nullable(),
          created_at: z.iso.datetime(),
          deliveries: z.array(delivery).max(INLINE_LIMIT),
          deliveries_next_cursor: z
            .string()
            .nullable()
            .meta({ description: "More deliveries: GET /v1/events/{id}/deliveries?cursor=..." }),
        }),
      ),
    },
    {
      method: "get",
      path: "/events/{id}/deliveries",
      operationId: "listEventDeliveries",
      summary: "An event's deliveries, oldest first",
      scope: "events:read",
      query: z.object(pageParams),
      status: 200,
      response: success(z.array(delivery), pageMeta),
    },
    {
      method: "get",
      path: "/deliveries/{id}",
      operationId: "getDelivery",
      summary: `Get a delivery with its first ${INLINE_LIMIT} attempts`,
      scope: "deliveries:read",
      status: 200,
      response: success(
        delivery.extend({
          event_type: z.string().nullable(),
          attempts: z.array(attempt).max(INLINE_LIMIT),
          attempts_next_cursor: z
            .string()
            .nullable()
            .meta({ description: "More attempts: GET /v1/deliveries/{id}/attempts?cursor=..." }),
        }),
      ),
    },
    {
      method: "get",
      path: "/deliveries/{id}/attempts",
      operationId: "listDeliveryAttempts",
      summary: "A delivery's attempts, oldest first",
      scope: "deliveries:read",
      query: z.object(pageParams),
      status: 200,
      response: success(z.array(attempt), pageMeta),
    },
    retryDelivery,
    ...accountOperations(),
  ] satisfies DocumentedOperation[];
}
