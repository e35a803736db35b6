import { batchPerTick, type DeliveryRef, enqueueDeliveries, wakeWaiter } from "@herald/delivery";
import type { DeliveryJobSettings, DeliveryQueue } from "@herald/queue";
import { type Logger, withTimeout } from "@herald/runtime";

export interface Enqueuer {
  // false when Redis could not take the jobs; the deliveries stay pending for the sweeper.
  enqueue(deliveries: readonly DeliveryRef[]): Promise<boolean>;
  // Makes a pending delivery run now: promotes its delayed job, or adds one if it has none.
  runNow(delivery: DeliveryRef): Promise<boolean>;
  // Moves a job sleeping on a full in-flight cap back to the queue (never fails; see wakeWaiter).
  wake(jobId: string): Promise<void>;
}

const ENQUEUE_TIMEOUT_MS = 3_000;

export function createEnqueuer(
  queue: DeliveryQueue,
  settings: DeliveryJobSettings,
  options: { logger: Logger; onFailure: () => void },
): Enqueuer {
  const attempt = async (what: string, work: () => Promise<unknown>) => {
    try {
      await withTimeout(work(), ENQUEUE_TIMEOUT_MS, "Redis");
      return true;
    } catch (error) {
      options.onFailure();
      options.logger.warn({ err: error }, `could not ${what}; the sweeper will enqueue it`);
      return false;
    }
  };
  // The requests of one turn of the event loop enqueue with one addBulk (one Redis write).
  const enqueueTogether = batchPerTick(async (lists: (readonly DeliveryRef[])[]) => {
    const deliveries = lists.flat();
    const added = await attempt(`enqueue ${deliveries.length} deliveries`, () =>
      enqueueDeliveries(queue, deliveries, settings),
    );
    return lists.map(() => added);
  });
  return {
    enqueue: (deliveries) => (deliveries.length === 0 ? Promise.resolve(true) : enqueueTogether(deliveries)),
    runNow: (delivery) =>
      attempt(`enqueue delivery ${delivery.id}`, async () => {
        const job = await queue.getJob(delivery.id);
        if (job && (await job.isDelayed())) await job.promote();
        else if (!job) await enqueueDeliveries(queue, [delivery], settings);
      }),
    wake: (jobId) => wakeWaiter(queue, jobId),
  };
}
