import { z } from "zod";
import type { EventCatalog } from "./event-catalog.js";
import { findJsonProblem, isJsonObject } from "./json-shape.js";

const idempotencyKey = z
  .string()
  .min(1, "must not be empty")
  .max(255, "must be at most 255 characters")
  .regex(/^[\x21-\x7e]+$/, "must be printable ASCII without spaces");

export function eventBody(catalog: EventCatalog, options: { maxJsonDepth: number }) {
  return z.strictObject({
    type: z
      .string({ message: "required: an event type from GET /v1/webhooks/events" })
      .refine((type) => catalog.has(type), {
        message: "is not in the event catalog (GET /v1/webhooks/events)",
      }),
    // Not z.record: that builds a new object, which would drop a `__proto__` key and cost a copy.
    data: z
      .custom<Record<string, unknown>>(isJsonObject, { message: "required: a JSON object" })
      .superRefine((data, ctx) => {
        const problem = findJsonProblem(data, options.maxJsonDepth);
        if (problem) ctx.addIssue({ code: "custom", path: problem.path, message: problem.message });
      })
      .meta({ type: "object", description: "The event's data, delivered exactly as sent" }),
    id: idempotencyKey
      .optional()
      .meta({ description: "Idempotency key; same as the Idempotency-Key header" }),
  });
}

// The Idempotency-Key header, validated like the body's `id` (details name the header).
export const idempotencyHeader = z.object({ "Idempotency-Key": idempotencyKey.optional() });
