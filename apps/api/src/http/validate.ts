import type { Request } from "express";
import { z } from "zod";
import { AppError, notFound } from "./app-error.js";

// Parses with a zod schema; any problem becomes 422 VALIDATION_ERROR with `details` naming
// every offending field ("events.2": "...", "colour": "unknown field").
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const details: Record<string, string> = {};
  for (const issue of result.error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) details[[...issue.path, key].join(".")] = "unknown field";
      continue;
    }
    const field = issue.path.join(".") || "body";
    details[field] ??= issue.message;
  }
  throw new AppError("VALIDATION_ERROR", "Validation error", details);
}

// JSON bodies only. A request without a body is read as {} (POST /test, /rotate-secret, …).
export function jsonBody(req: Request): unknown {
  const hasBody =
    req.headers["transfer-encoding"] !== undefined || Number(req.headers["content-length"] ?? 0) > 0;
  if (!hasBody) return {};
  if (!req.is("application/json")) {
    throw new AppError("BAD_REQUEST", "Content-Type must be application/json");
  }
  return req.body;
}

// For POST endpoints that take no body (or only {}).
export const emptyBody = z.strictObject({});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// A malformed id cannot name anything: 404 like any other unknown id.
export function uuidOr404(value: string | string[] | undefined, what: string): string {
  if (typeof value !== "string" || !UUID.test(value)) throw notFound(what);
  return value;
}
