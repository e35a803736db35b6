export { type AllowedNetworks, isAddressAllowed, isHostAllowed, parseNetworks } from "./address-policy.js";
export {
  type AttemptPosition,
  attemptDelivery,
  type DeliveryContext,
  type DeliveryReport,
  deliveryBody,
} from "./attempt-delivery.js";
export { parseRetryAfter, type RetrySettings, retryDelayMs } from "./backoff.js";
export { createDeliveryContext, type DeliveryConfig } from "./delivery-context.js";
export {
  type AttemptOutcome,
  type AttemptResult,
  createDeliveryHttp,
  type DeliveryHttp,
  type DeliveryHttpOptions,
} from "./delivery-http.js";
export { createEndpointSlots, type EndpointSlots } from "./endpoint-slots.js";
export { type DeliveryRef, enqueueDeliveries } from "./enqueue-deliveries.js";
export { BlockedAddressError } from "./guarded-lookup.js";
export {
  createDeliveryProcessor,
  type DeliveryJobHooks,
  deliveryBackoff,
  type ProcessorOptions,
  RetryLater,
} from "./process-delivery-job.js";
export { type SweepOptions, sweepPendingDeliveries } from "./sweep-pending-deliveries.js";
