import type { DeliveryAttemptData } from "@herald/queue";
import { contextFromCarrier, inSpan, SpanKind } from "@herald/runtime";
import { DelayedError, type Job } from "bullmq";

type Processor = (job: Job<DeliveryAttemptData>, token?: string) => Promise<void>;

// Each run of a job as an OpenTelemetry consumer span, a child of the span that enqueued it
// (the trace context rides in the job), so a trace goes from the producer's request to the
// POST. A job over an in-flight cap goes back to sleep (DelayedError): not a failure.
export function tracedProcessor(queueName: string, processor: Processor): Processor {
  return (job, token) =>
    inSpan(
      `process ${queueName}`,
      {
        kind: SpanKind.CONSUMER,
        parent: contextFromCarrier(job.data.trace),
        attributes: {
          "messaging.system": "bullmq",
          "messaging.operation.type": "process",
          "messaging.destination.name": queueName,
          "messaging.message.id": job.id ?? "",
          "herald.delivery.id": job.data.deliveryId,
          "herald.webhook.id": job.data.webhookId,
          "herald.job.attempts_made": job.attemptsMade,
        },
        expected: (error) => error instanceof DelayedError,
      },
      () => processor(job, token),
    );
}
