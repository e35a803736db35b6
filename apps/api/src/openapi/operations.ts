import type { DocumentedOperation } from "../http/operation.js";
import { listWebhookDeliveries, retryDelivery } from "../routes/deliveries.js";
import { deliveryLogOperations } from "../routes/delivery-log.js";
import { eventLogOperations } from "../routes/event-log.js";
import { eventOperations } from "../routes/events.js";
import { recoverOperation } from "../routes/recover.js";
import { rotateSecretOperation } from "../routes/rotate-secret.js";
import type { OperationSettings } from "../routes/route-deps.js";
import { testSendOperation } from "../routes/test-send.js";
import { webhookOperations } from "../routes/webhooks.js";
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
    ...eventOperations(options),
    ...eventLogOperations,
    ...deliveryLogOperations,
    retryDelivery,
    ...accountOperations(),
  ] satisfies DocumentedOperation[];
}
