import { describe, expect, it } from "vitest";
import { BACKOFF_STRATEGY, deliveryAttemptData, deliveryJob, JOB_NAMES } from "./delivery-queue.js";

const ids = { id: "5b6f8f57-8d8a-4f0c-9a43-0a6f4e2a9b11", webhookId: "0d1f3c7e-2b4a-4c4e-8f0e-5a1b2c3d4e5f" };

describe("delivery jobs", () => {
  it("carry ids only, with the delivery id as job id so adding twice is a no-op", () => {
    const job = deliveryJob(ids, { maxAttempts: 8 });
    expect(job).toEqual({
      name: JOB_NAMES.deliveryAttempt,
      data: { deliveryId: ids.id, webhookId: ids.webhookId },
      opts: {
        jobId: ids.id,
        // At least a retry schedule's most attempts: the delivery row decides when to stop.
        attempts: 21,
        backoff: { type: BACKOFF_STRATEGY },
        removeOnComplete: true,
        removeOnFail: true,
      },
    });
    expect(JOB_NAMES.deliveryAttempt).toBe("delivery.attempt");
    expect(deliveryJob(ids, { maxAttempts: 30 }).opts.attempts).toBe(30);
  });

  it("validate their payload", () => {
    expect(deliveryAttemptData.safeParse({ deliveryId: ids.id, webhookId: ids.webhookId }).success).toBe(
      true,
    );
    expect(deliveryAttemptData.safeParse({ deliveryId: "nope", webhookId: ids.webhookId }).success).toBe(
      false,
    );
    expect(deliveryAttemptData.safeParse({ deliveryId: ids.id }).success).toBe(false);
  });
});

describe("trace context", () => {
  it("rides along in the job when given, and survives the worker's parse", () => {
    const trace = { traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" };
    const job = deliveryJob(ids, { maxAttempts: 8 }, trace);
    expect(deliveryAttemptData.parse(job.data)).toEqual({
      deliveryId: ids.id,
      webhookId: ids.webhookId,
      trace,
    });
    expect(
      deliveryAttemptData.safeParse({ ...job.data, trace: { traceparent: "x".repeat(200) } }).success,
    ).toBe(false);
  });
});
