import { z } from "zod";
import { eventBody, idempotencyHeader } from "../events/event-body.js";
import type { DocumentedOperation } from "../http/operation.js";
import { listWebhookDeliveries, retryDelivery } from "../routes/deliveries.js";
import { deliveryLogOperations } from "../routes/delivery-log.js";
import { eventLogOperations } from "../routes/event-log.js";
import { recoverOperation } from "../routes/recover.js";
import { rotateSecretOperation } from "../routes/rotate-secret.js";
import type { OperationSettings } from "../routes/route-deps.js";
import { testSendOperation } from "../routes/test-send.js";
import { webhookOperations } from "../routes/webhooks.js";
import { failure, success } from "./envelope-schemas.js";
import { accountOperations } from "./operations-accounts.js";

// Every operation of the API, declared once: the document's paths are built from this list.

export interface DocumentOptions extends OperationSettings {
  version: string;
  // The API's base URL for generated clients (PUBLIC_URL, else http://localhost:PORT).
  serverUrl: string;
}

export function documentedOperations(options: DocumentOptions): DocumentedOperation[] {
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
    ...eventLogOperations,
    ...deliveryLogOperations,
    retryDelivery,
    ...accountOperations(),
  ] satisfies DocumentedOperation[];
}
