import type { OperationalPublisher } from "@herald/delivery";
import type { ApiDeps } from "../app.js";

// What handlers use: the app's dependencies, and the publisher of webhook.disabled/enabled.
export interface RouteDeps extends ApiDeps {
  operational: OperationalPublisher;
}
