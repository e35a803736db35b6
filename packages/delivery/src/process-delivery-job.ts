import { type DeliveryAttemptData, deliveryAttemptData } from "@herald/queue";
import { DelayedError, type Job, UnrecoverableError } from "bullmq";
import { attemptDelivery, type DeliveryContext, type DeliveryReport } from "./attempt-delivery.js";
import { type RetrySettings, retryDelayMs } from "./backoff.js";
import type { EndpointSlots } from "./endpoint-slots.js";

// Thrown for a failed attempt that will be retried: carries the delay the delivery row already
// recorded as its next attempt, which the backoff strategy hands to BullMQ.
export class RetryLater extends Error {
  override name = "RetryLater";
  constructor(
    readonly delayMs: number,
    message: string,
  ) {
    super(message);
  }
}

// BullMQ's custom backoff (worker setting `backoffStrategy`). Any other error (Postgres down
// while recording, say) backs off exponentially by the job's attempts.
export function deliveryBackoff(retry: RetrySettings) {
  return (attemptsMade: number, _type?: string, error?: Error) =>
    error instanceof RetryLater ? error.delayMs : retryDelayMs(attemptsMade, retry);
}

export interface DeliveryJobHooks {
  deferred?: () => void;
  reported?: (report: DeliveryReport) => void;
}

export interface ProcessorOptions {
  slots: EndpointSlots;
  // A job over its endpoint's in-flight cap comes back after about this long.
  deferMs: number;
  hooks?: DeliveryJobHooks;
}

// The worker's handler for `delivery.attempt` jobs: cap per endpoint, one attempt, then finish,
// retry (RetryLater) or give up for good (UnrecoverableError) as the recorded state says.
export function createDeliveryProcessor(ctx: DeliveryContext, options: ProcessorOptions) {
  return async (job: Job<DeliveryAttemptData>, token?: string): Promise<void> => {
    const { deliveryId, webhookId } = deliveryAttemptData.parse(job.data);
    const holder = `${job.id}:${token ?? ""}`;
    if (!(await options.slots.acquire(webhookId, holder))) {
      // Put back without using an attempt, so a slow endpoint cannot take every worker slot.
      options.hooks?.deferred?.();
      await job.moveToDelayed(Date.now() + Math.round(options.deferMs * (0.5 + Math.random())), token);
      throw new DelayedError();
    }
    let report: DeliveryReport;
    try {
      report = await attemptDelivery(ctx, deliveryId, {
        attemptsMade: job.attemptsMade,
        maxAttempts: job.opts.attempts ?? 1,
      });
    } finally {
      // If Redis is gone the slot's lease runs out by itself.
      await options.slots.release(webhookId, holder).catch(() => undefined);
    }
    options.hooks?.reported?.(report);
    if (report.kind === "skipped") return;
    const error = report.result.error ?? report.result.outcome;
    if (report.status === "pending") throw new RetryLater(report.retryInMs ?? 0, error);
    if (report.status === "failed") throw new UnrecoverableError(error);
  };
}
