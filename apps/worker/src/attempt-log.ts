import type { DeliveryReport } from "@herald/delivery";
import type { DeliveryAttemptData } from "@herald/queue";
import { type Logger, trace } from "@herald/runtime";

// One info line per HTTP attempt. Ids, outcome and timing only: never the URL (receivers put
// tokens in query strings), the payload, the signature or the response body.
export function logAttempt(logger: Logger) {
  return (report: DeliveryReport, job: DeliveryAttemptData) => {
    if (report.kind !== "attempted") return;
    const { result } = report;
    // Called inside the job's span: the line names its trace when one is being recorded.
    const span = trace.getActiveSpan();
    logger.info(
      {
        deliveryId: job.deliveryId,
        webhookId: job.webhookId,
        attempt: report.attemptNumber,
        outcome: result.outcome,
        statusCode: result.statusCode,
        durationMs: result.durationMs,
        deliveryStatus: report.status,
        retryInMs: report.retryInMs ?? undefined,
        traceId: span?.isRecording() ? span.spanContext().traceId : undefined,
      },
      "delivery attempt",
    );
  };
}
