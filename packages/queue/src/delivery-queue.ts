import { type JobsOptions, Queue } from "bullmq";
import type { Redis } from "ioredis";
import { z } from "zod";

// The one declaration of the delivery queue, imported by the API (which adds jobs) and the
// worker (which runs them). Jobs carry ids only: payloads and secrets stay in Postgres.
export const DELIVERY_QUEUE = "deliveries";

export const JOB_NAMES = { deliveryAttempt: "delivery.attempt" } as const;

// The webhook id lets a worker check the endpoint's in-flight cap before touching Postgres.
// `trace` is the W3C trace context of the enqueue (traceparent, tracestate) when tracing is on,
// so the worker's spans continue the producer's trace.
export const deliveryAttemptData = z.object({
  deliveryId: z.uuid(),
  webhookId: z.uuid(),
  trace: z
    .object({ traceparent: z.string().max(128), tracestate: z.string().max(512).optional() })
    .optional(),
});
export type DeliveryAttemptData = z.infer<typeof deliveryAttemptData>;

// The worker registers a backoff strategy under this name (see @herald/delivery backoff.ts).
export const BACKOFF_STRATEGY = "herald";

export interface DeliveryJobSettings {
  maxAttempts: number;
}

// A webhook's own retry schedule may allow more attempts than the global setting (20 delays,
// 21 attempts). The delivery row decides when to stop; BullMQ's count is only an upper bound.
export const MOST_ATTEMPTS_OF_A_SCHEDULE = 21;

export function deliveryJobOptions(settings: DeliveryJobSettings): JobsOptions {
  return {
    attempts: Math.max(settings.maxAttempts, MOST_ATTEMPTS_OF_A_SCHEDULE),
    backoff: { type: BACKOFF_STRATEGY },
    // Postgres keeps the record of every attempt; finished jobs only cost Redis memory, and a
    // kept job would block re-adding the same job id on a manual retry.
    removeOnComplete: true,
    removeOnFail: true,
  };
}

// Job id = delivery id, so adding the same delivery twice (API and sweeper) is harmless.
export function deliveryJob(
  delivery: { id: string; webhookId: string },
  settings: DeliveryJobSettings,
  trace?: DeliveryAttemptData["trace"],
) {
  const ids = { deliveryId: delivery.id, webhookId: delivery.webhookId };
  return {
    name: JOB_NAMES.deliveryAttempt,
    data: (trace ? { ...ids, trace } : ids) satisfies DeliveryAttemptData,
    opts: { ...deliveryJobOptions(settings), jobId: delivery.id },
  };
}

export type DeliveryQueue = Queue<DeliveryAttemptData, void, string>;

export function createDeliveryQueue(connection: Redis, prefix: string): DeliveryQueue {
  return new Queue<DeliveryAttemptData, void, string>(DELIVERY_QUEUE, { connection, prefix });
}
