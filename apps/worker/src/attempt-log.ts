import type { DeliveryReport } from "@herald/delivery";
import type { DeliveryAttemptData } from "@herald/queue";
import type { Logger } from "@herald/runtime";

// One info line per HTTP attempt. Ids, outcome and timing only: never the URL (receivers put
// tokens in query strings), the payload, the signature or the response body.
export function logAttempt(logger: Logger) {
  return (report: DeliveryReport, job: DeliveryAttemptData) => {
    if (report.kind !== "attempted") return;
    const { result } = report;
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
      },
      "delivery attempt",
    );
  };
}
