import { type DeliveryJobSettings, type DeliveryQueue, deliveryJob } from "@herald/queue";
import { inSpan, SpanKind, traceCarrier } from "@herald/runtime";

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
  if (deliveries.length === 0) return;
  const attributes = {
    "messaging.system": "bullmq",
    "messaging.operation.type": "send",
    "messaging.destination.name": queue.name,
    "messaging.batch.message_count": deliveries.length,
  };
  await inSpan(`send ${queue.name}`, { kind: SpanKind.PRODUCER, attributes }, async () => {
    // The jobs carry this span's context: the worker's spans become its children.
    const carrier = traceCarrier();
    const { traceparent, tracestate } = carrier;
    const trace = traceparent ? { traceparent, ...(tracestate ? { tracestate } : {}) } : undefined;
    // One job (the common fan-out of one) skips the pipeline addBulk builds.
    if (deliveries.length === 1) {
      const job = deliveryJob(deliveries[0]!, settings, trace);
      await queue.add(job.name, job.data, job.opts);
      return;
    }
    for (let start = 0; start < deliveries.length; start += 500) {
      const batch = deliveries.slice(start, start + 500);
      await queue.addBulk(batch.map((delivery) => deliveryJob(delivery, settings, trace)));
    }
  });
}
