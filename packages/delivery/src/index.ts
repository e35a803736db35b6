export { type AllowedNetworks, isAddressAllowed, isHostAllowed, parseNetworks } from "./address-policy.js";
export {
  type AttemptOptions,
  attemptDelivery,
  type DeliveryContext,
  type DeliveryReport,
  deliveryBody,
  UNDECRYPTABLE_SECRET,
} from "./attempt-delivery.js";
export { parseRetryAfter, type RetrySettings, retryDelayMs } from "./backoff.js";
export { createDeliveryContext, type DeliverySettings } from "./delivery-context.js";
export {
  type AttemptOutcome,
  type AttemptResult,
  createDeliveryHttp,
  type DeliveryHttp,
  type DeliveryHttpOptions,
} from "./delivery-http.js";
export {
  type Admission,
  type BreakerSettings,
  type Cap,
  type CapKind,
  type Circuit,
  capsOf,
  createEndpointSlots,
  destinationOf,
  type EndpointSlots,
} from "./endpoint-slots.js";
export { type DeliveryRef, enqueueDeliveries } from "./enqueue-deliveries.js";
export { BlockedAddressError } from "./guarded-lookup.js";
export {
  isOperationalEvent,
  OPERATIONAL_EVENTS,
  type OperationalEvent,
  type OperationalEventType,
  publishOperationalEvent,
} from "./operational-events.js";
export {
  createOperationalPublisher,
  type OperationalPublisher,
  operationalEventsOf,
} from "./operational-publisher.js";
export {
  createDeliveryProcessor,
  type DeferralCause,
  type DeliveryJobHooks,
  deliveryBackoff,
  type ProcessorOptions,
  RetryLater,
} from "./process-delivery-job.js";
export { type InFlightCaps, slotSettingsOf } from "./slot-settings.js";
export {
  ABANDONED_TEST,
  expireAbandonedTests,
  type SweepOptions,
  sweepPendingDeliveries,
} from "./sweep-pending-deliveries.js";
export { sleepAsWaiter, wakeWaiter } from "./wake-waiters.js";
