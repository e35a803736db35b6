import { z } from "zod";
import type { EventCatalog } from "./event-catalog.js";

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
      }),
    data: z
      .record(z.string(), z.unknown(), { message: "required: a JSON object" })
      .superRefine((data, ctx) => {
        const problem = findUnstorableText(data);
        if (problem) ctx.addIssue({ code: "custom", path: problem.path, message: problem.message });
      }),
    id: idempotencyKey
      .optional()
      .meta({ description: "Idempotency key; same as the Idempotency-Key header" }),
  });
}

// The Idempotency-Key header, validated like the body's `id` (details name the header).
export const idempotencyHeader = z.object({ "Idempotency-Key": idempotencyKey.optional() });

// Postgres JSON cannot hold NUL characters or unpaired UTF-16 surrogates; refuse them up front
// with the path to the offending string rather than fail in the database.
function findUnstorableText(
  value: unknown,
  path: (string | number)[] = [],
): { path: (string | number)[]; message: string } | undefined {
  const check = (text: string, where: (string | number)[]) => {
    if (text.includes("\u0000")) return { path: where, message: "contains a NUL character (\\u0000)" };
    if (!text.isWellFormed()) return { path: where, message: "contains an unpaired UTF-16 surrogate" };
    return undefined;
  };
  if (typeof value === "string") return check(value, path);
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const problem = findUnstorableText(item, [...path, index]);
      if (problem) return problem;
    }
  } else if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      const problem = check(key, [...path, key]) ?? findUnstorableText(item, [...path, key]);
      if (problem) return problem;
    }
  }
  return undefined;
}
