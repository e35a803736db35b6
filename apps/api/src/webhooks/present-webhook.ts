import type { Webhook } from "@herald/db";
import type { Circuit } from "@herald/delivery";
import { z } from "zod";
import { policyObject, presentPolicy } from "./delivery-policy.js";

// The webhook object of both seeds: every field under both vendors' names. `circuit` is its
// destination's breaker (null when Redis could not be asked).
export function presentWebhook(webhook: Webhook, circuit: Circuit | null) {
  return {
    id: webhook.id,
    url: webhook.url,
    events: webhook.events,
    status: webhook.status,
    active: webhook.status === "active",
    description: webhook.description,
    failure_count: webhook.failureCount,
    last_triggered_at: iso(webhook.lastTriggeredAt),
    last_used_at: iso(webhook.lastTriggeredAt),
    last_success_at: iso(webhook.lastSuccessAt),
    last_failure_at: iso(webhook.lastFailureAt),
    last_error: webhook.lastError,
    disabled_reason: webhook.disabledReason,
    ...presentPolicy(webhook),
    circuit: circuit?.circuit ?? null,
    circuit_retry_at: circuit?.circuit_retry_at ?? null,
    created_at: webhook.createdAt.toISOString(),
    updated_at: webhook.updatedAt.toISOString(),
  };
}

export function iso(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}

const time = z.iso.datetime();
export const webhookObject = z.object({
  id: z.uuid(),
  url: z.string(),
  events: z.array(z.string()),
  status: z.enum(["active", "disabled"]),
  active: z.boolean(),
  description: z.string().nullable(),
  failure_count: z.number().int(),
  last_triggered_at: time.nullable(),
  last_used_at: time.nullable().meta({ description: "Same as last_triggered_at" }),
  last_success_at: time.nullable(),
  last_failure_at: time.nullable(),
  last_error: z.string().nullable(),
  disabled_reason: z.string().nullable(),
  ...policyObject,
  circuit: z
    .enum(["closed", "open", "half_open"])
    .nullable()
    .meta({ description: "The destination's circuit breaker; null when it cannot be read" }),
  circuit_retry_at: time.nullable().meta({ description: "When an open breaker lets a probe through" }),
  created_at: time,
  updated_at: time,
});
export const webhookWithSecret = webhookObject.extend({
  secret: z.string().meta({ description: "whsec_ + base64 of 32 bytes; shown only in this response" }),
});
