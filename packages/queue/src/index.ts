export {
  BACKOFF_STRATEGY,
  createDeliveryQueue,
  DELIVERY_QUEUE,
  type DeliveryAttemptData,
  type DeliveryJobSettings,
  type DeliveryQueue,
  deliveryAttemptData,
  deliveryJob,
  deliveryJobOptions,
  JOB_NAMES,
} from "./delivery-queue.js";
export { createRedisConnection, type RedisTarget } from "./redis-connection.js";
