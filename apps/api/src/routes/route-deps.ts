import { createOperationalPublisher, type OperationalPublisher } from "@herald/delivery";
import type { ApiDeps } from "../app.js";
import type { EventCatalog } from "../events/event-catalog.js";
import type { PolicyLimits } from "../webhooks/delivery-policy.js";
import type { UrlPolicy } from "../webhooks/webhook-schemas.js";

// What handlers use: the app's dependencies, and the publisher of webhook.disabled/enabled.
export interface RouteDeps extends ApiDeps {
  operational: OperationalPublisher;
}

export function createRouteDeps(deps: ApiDeps): RouteDeps {
  const { db, enqueuer, logger } = deps;
  const operational = createOperationalPublisher({
    db,
    enqueue: (deliveries) => enqueuer.enqueue(deliveries),
    onError: (error, event) =>
      logger.warn(
        { err: error, type: event.type, webhookId: event.webhookId },
        "operational event not published",
      ),
  });
  return { ...deps, operational };
}

// What the operations' schemas are built from: configuration only, no connections, so the
// OpenAPI document can be built without a database.
export interface OperationSettings {
  catalog: EventCatalog;
  urlPolicy: UrlPolicy;
  policyLimits: PolicyLimits;
  // MAX_BATCH_EVENTS
  maxBatchEvents: number;
}
