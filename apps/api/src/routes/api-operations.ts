import type { Operation } from "../http/operation.js";
import { accountOperations } from "./accounts.js";
import { listWebhookDeliveries, retryDelivery } from "./deliveries.js";
import { deliveryLogOperations } from "./delivery-log.js";
import { eventLogOperations } from "./event-log.js";
import { eventOperations } from "./events.js";
import { portalSessionOperations } from "./portal-sessions.js";
import { recoverOperation } from "./recover.js";
import { rotateSecretOperation } from "./rotate-secret.js";
import type { OperationSettings } from "./route-deps.js";
import { testSendOperation } from "./test-send.js";
import { webhookOperations } from "./webhooks.js";

// Every operation of the API, in routing order: the /v1 router mounts this list and the OpenAPI
// document describes it (the document in the same order).
export function apiOperations(settings: OperationSettings): Operation[] {
  return [
    ...webhookOperations(settings),
    rotateSecretOperation(settings),
    testSendOperation,
    recoverOperation,
    listWebhookDeliveries,
    ...eventOperations(settings),
    ...eventLogOperations,
    ...deliveryLogOperations,
    retryDelivery,
    ...portalSessionOperations,
    ...accountOperations,
  ];
}
