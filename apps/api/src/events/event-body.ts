import { z } from "zod";
import { AppError } from "../http/app-error.js";
import type { EventCatalog } from "./event-catalog.js";
import { findJsonProblem, isJsonObject } from "./json-shape.js";

const idempotencyKey = z
  .string()
  .min(1, "must not be empty")
  .max(255, "must be at most 255 characters")
  .regex(/^[\x21-\x7e]+$/, "must be printable ASCII without spaces");

export function eventBody(catalog: EventCatalog) {
  return z.strictObject({
    type: z
      .string({ message: "required: an event type from GET /v1/webhooks/events" })
      .refine((type) => catalog.has(type), {
        message: "is not in the event catalog (GET /v1/webhooks/events)",
      })
      .refine((type) => !catalog.isOperational(type), {
        message: "is an operational event, published by Herald itself",
      })
      .meta({
        enum: catalog.entries.map((entry) => entry.name).filter((name) => !catalog.isOperational(name)),
      }),
    // Not z.record: that builds a new object, which would drop a `__proto__` key and cost a copy.
    // What is inside is checked by checkEventData, in time slices.
    data: z
      .custom<Record<string, unknown>>(isJsonObject, { message: "required: a JSON object" })
      .meta({ type: "object", description: "The event's data, delivered exactly as sent" }),
    id: idempotencyKey
      .optional()
      .meta({ description: "Idempotency key; same as the Idempotency-Key header" }),
  });
}

// The Idempotency-Key header, validated like the body's `id` (details name the header).
export const idempotencyHeader = z.object({
  "Idempotency-Key": idempotencyKey.optional().meta({
    description:
      "Makes the send safe to retry: the same key with the same body answers with the event it first made; with another body, 409. The same as the body's `id`.",
  }),
});

// Nesting deeper than MAX_JSON_DEPTH and strings Postgres cannot hold: 422 naming the path.
export async function checkEventData(data: Record<string, unknown>, maxJsonDepth: number): Promise<void> {
  const problem = await findJsonProblem(data, maxJsonDepth);
  if (problem) {
    throw new AppError("VALIDATION_ERROR", "Validation error", {
      [["data", ...problem.path].join(".")]: problem.message,
    });
  }
}
