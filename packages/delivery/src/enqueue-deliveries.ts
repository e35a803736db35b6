import { type DeliveryJobSettings, type DeliveryQueue, deliveryJob } from "@herald/queue";

export interface DeliveryRef {
  id: string;
  webhookId: string;
}

// Adds one job per delivery (job id = delivery id: adding one that is already queued does
// nothing). Used after ingest, by manual retry and recover, and by the outbox sweeper.
export async function enqueueDeliveries(
  queue: DeliveryQueue,
  deliveries: readonly DeliveryRef[],
  settings: DeliveryJobSettings,
): Promise<void> {
  // One job (the common fan-out of one) skips the pipeline addBulk builds.
  if (deliveries.length === 1) {
    const job = deliveryJob(deliveries[0]!, settings);
    await queue.add(job.name, job.data, job.opts);
    return;
  }
  for (let start = 0; start < deliveries.length; start += 500) {
    const batch = deliveries.slice(start, start + 500);
    await queue.addBulk(batch.map((delivery) => deliveryJob(delivery, settings)));
  }
}
