// What the apps (and bench/) use of the delivery engine, and nothing else: its tests import the
// files they test directly.
export { type AllowedNetworks, isHostAllowed, parseNetworks } from "./address-policy.js";
export { attemptDelivery, type DeliveryContext, type DeliveryReport } from "./attempt-delivery.js";
export { batchPerTick, batchPerTickBy } from "./batch-per-tick.js";
export { createDeliveryContext } from "./delivery-context.js";
export { createDeliveryHttp } from "./delivery-http.js";
export {
  type Circuit,
  capsOf,
  createEndpointSlots,
  destinationOf,
  type EndpointSlots,
} from "./endpoint-slots.js";
export { type DeliveryRef, enqueueDeliveries } from "./enqueue-deliveries.js";
export { isOperationalEvent, OPERATIONAL_EVENTS } from "./operational-events.js";
export { createOperationalPublisher, type OperationalPublisher } from "./operational-publisher.js";
export { createDeliveryProcessor, type DeferralCause, deliveryBackoff } from "./process-delivery-job.js";
export { slotSettingsOf } from "./slot-settings.js";
export { expireAbandonedTests, sweepPendingDeliveries } from "./sweep-pending-deliveries.js";
export { wakeWaiter } from "./wake-waiters.js";
