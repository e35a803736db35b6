import type { Delivery, DeliveryAttempt } from "@herald/db";
import { z } from "zod";
import { iso } from "../webhooks/present-webhook.js";

export function presentDelivery(delivery: Delivery) {
  return {
    id: delivery.id,
    event_id: delivery.eventId,
    webhook_id: delivery.webhookId,
    status: delivery.status,
    attempt_count: delivery.attemptCount,
    next_attempt_at: delivery.status === "pending" ? iso(delivery.nextAttemptAt) : null,
    last_status_code: delivery.lastStatusCode,
    last_error: delivery.lastError,
    is_test: delivery.isTest,
    created_at: delivery.createdAt.toISOString(),
    updated_at: delivery.updatedAt.toISOString(),
    completed_at: iso(delivery.completedAt),
  };
}

export function presentAttempt(attempt: DeliveryAttempt) {
  return {
    attempt_number: attempt.attemptNumber,
    attempted_at: attempt.attemptedAt.toISOString(),
    outcome: attempt.outcome,
    status_code: attempt.statusCode,
    duration_ms: attempt.durationMs,
    response_body: attempt.responseSnippet,
    error: attempt.error,
  };
}

// The objects above, as schemas for the OpenAPI document.
export const deliveryObject = z.object({
  id: z.uuid(),
  event_id: z.uuid(),
  webhook_id: z.uuid(),
  status: z.enum(["pending", "succeeded", "failed"]),
  attempt_count: z.number().int(),
  next_attempt_at: z.iso.datetime().nullable(),
  last_status_code: z.number().int().nullable(),
  last_error: z.string().nullable(),
  is_test: z.boolean(),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
  completed_at: z.iso.datetime().nullable(),
});
export const attemptObject = z.object({
  attempt_number: z.number().int(),
  attempted_at: z.iso.datetime(),
  outcome: z.enum(["success", "http_error", "timeout", "network_error", "blocked"]),
  status_code: z.number().int().nullable(),
  duration_ms: z.number().int(),
  response_body: z.string().nullable().meta({ description: "First 4 KiB of the response body" }),
  error: z.string().nullable(),
});
