import type { SecretBox, Webhook } from "@herald/db";
import { z } from "zod";

// A webhook's own delivery policy: every field optional, null (on PATCH) returns to the global
// setting. The bounds that depend on the operator's settings come in as `limits`.
export interface PolicyLimits {
  // DELIVERY_TIMEOUT_MS: a webhook may only shorten it.
  timeoutMs: number;
  // ENDPOINT_MAX_IN_FLIGHT: a webhook may only lower it.
  maxInFlight: number;
}

export const MAX_HEADERS = 20;
const MAX_HEADER_VALUE = 1000;
const MAX_SCHEDULE_ENTRIES = 20;
const DAY_SECONDS = 86_400;
// What the receiver sees as the value of a custom header on GET: values are secrets (API keys).
export const REDACTED = "[redacted]";

// RFC 9110 token characters.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// Visible ASCII with inner spaces or tabs, not starting or ending with whitespace.
const VALUE = /^[\x21-\x7e](?:[\x20-\x7e\t]*[\x21-\x7e])?$/;
// Herald sets these itself, or they belong to the connection rather than the request.
const REFUSED = new Set([
  "host",
  "content-length",
  "content-type",
  "content-encoding",
  "user-agent",
  "connection",
  "keep-alive",
  "proxy-connection",
  "proxy-authenticate",
  "proxy-authorization",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);

export function headerNameProblem(name: string): string | undefined {
  if (name.length === 0 || name.length > 100) return "a header name must be 1 to 100 characters";
  if (!TOKEN.test(name)) return "a header name must be an HTTP token (letters, digits and !#$%&'*+-.^_`|~)";
  const lower = name.toLowerCase();
  if (REFUSED.has(lower) || lower.startsWith("webhook-") || lower.startsWith("svix-")) {
    return `"${name}" is set by Herald or by the connection and cannot be overridden`;
  }
  return undefined;
}

// Values never appear in an error message: they are usually credentials.
const headers = z
  .record(z.string(), z.unknown(), {
    message: 'must be an object of header names to values, e.g. {"X-Api-Key": "…"}',
  })
  .superRefine((record, ctx) => {
    const names = Object.keys(record);
    if (names.length > MAX_HEADERS)
      ctx.addIssue({ code: "custom", message: `must have at most ${MAX_HEADERS} headers` });
    const seen = new Set<string>();
    for (const name of names) {
      const problem = headerNameProblem(name);
      const value = record[name];
      if (problem) ctx.addIssue({ code: "custom", path: [name], message: problem });
      else if (seen.has(name.toLowerCase()))
        ctx.addIssue({ code: "custom", path: [name], message: "is given twice (header names ignore case)" });
      else if (typeof value !== "string" || value.length > MAX_HEADER_VALUE || !VALUE.test(value))
        ctx.addIssue({
          code: "custom",
          path: [name],
          message: `must be a string of 1 to ${MAX_HEADER_VALUE} printable ASCII characters, not starting or ending with a space`,
        });
      seen.add(name.toLowerCase());
    }
  })
  .transform((record) => record as Record<string, string>)
  .meta({
    description: `Custom request headers (at most ${MAX_HEADERS}); values are encrypted at rest and shown as ${REDACTED}. Names Herald sets itself (webhook-*, svix-*, content-type, user-agent, host, ...) are refused.`,
    maxProperties: MAX_HEADERS,
    propertyNames: { minLength: 1, maxLength: 100, pattern: TOKEN.source },
    additionalProperties: { type: "string", maxLength: MAX_HEADER_VALUE, pattern: VALUE.source },
  });

const wholeNumber = (what: string) =>
  z.number({ message: `must be a number ${what}` }).int(`must be a whole number ${what}`);

export function policyFields(limits: PolicyLimits) {
  return {
    headers: headers.nullable().optional(),
    rate_limit_per_second: wholeNumber("of requests per second")
      .min(1, "must be at least 1")
      .max(10_000, "must be at most 10000")
      .nullable()
      .optional()
      .meta({ description: "Fleet-wide request rate limit for this webhook" }),
    max_in_flight: wholeNumber("of requests")
      .min(1, "must be at least 1")
      .max(limits.maxInFlight, `must be at most ${limits.maxInFlight} (ENDPOINT_MAX_IN_FLIGHT)`)
      .nullable()
      .optional()
      .meta({ description: "Requests to this webhook in flight at once, fleet-wide" }),
    ordered: z
      .boolean({ message: "must be true or false" })
      .optional()
      .meta({ description: "Deliver in event order, one at a time" }),
    retry_schedule: z
      .array(
        wholeNumber("of seconds")
          .min(1, "must be at least 1 second")
          .max(DAY_SECONDS, "must be at most 86400 (24 h)"),
        { message: "must be a list of delays in seconds" },
      )
      .min(1, "must have at least 1 delay")
      .max(MAX_SCHEDULE_ENTRIES, `must have at most ${MAX_SCHEDULE_ENTRIES} delays`)
      .nullable()
      .optional()
      .meta({ description: "Delays in seconds between attempts; attempts = entries + 1" }),
    timeout_ms: wholeNumber("of milliseconds")
      .min(100, "must be at least 100")
      .max(limits.timeoutMs, `must be at most ${limits.timeoutMs} (DELIVERY_TIMEOUT_MS)`)
      .nullable()
      .optional()
      .meta({ description: "Request timeout for this webhook" }),
  };
}

type PolicyInput = {
  [K in keyof ReturnType<typeof policyFields>]?: z.infer<ReturnType<typeof policyFields>[K]>;
};

// The Prisma data for the policy fields present in the request (absent ones stay as they are).
export function policyData(input: PolicyInput, box: SecretBox) {
  return {
    ...(input.headers === undefined
      ? {}
      : {
          headers: Object.fromEntries(
            Object.entries(input.headers ?? {}).map(([name, value]) => [name, box.encrypt(value)]),
          ),
        }),
    ...(input.rate_limit_per_second === undefined ? {} : { rateLimitPerSecond: input.rate_limit_per_second }),
    ...(input.max_in_flight === undefined ? {} : { maxInFlight: input.max_in_flight }),
    ...(input.ordered === undefined ? {} : { ordered: input.ordered }),
    ...(input.retry_schedule === undefined ? {} : { retrySchedule: input.retry_schedule ?? [] }),
    ...(input.timeout_ms === undefined ? {} : { timeoutMs: input.timeout_ms }),
  };
}

export function presentPolicy(webhook: Webhook) {
  const stored = (webhook.headers ?? {}) as Record<string, string>;
  return {
    headers: Object.fromEntries(Object.keys(stored).map((name) => [name, REDACTED])),
    rate_limit_per_second: webhook.rateLimitPerSecond,
    max_in_flight: webhook.maxInFlight,
    ordered: webhook.ordered,
    retry_schedule: webhook.retrySchedule.length > 0 ? webhook.retrySchedule : null,
    timeout_ms: webhook.timeoutMs,
  };
}

export const policyObject = {
  headers: z
    .record(z.string(), z.string())
    .meta({ description: `Custom header names; values shown as ${REDACTED}` }),
  rate_limit_per_second: z.number().int().nullable(),
  max_in_flight: z.number().int().nullable(),
  ordered: z.boolean(),
  retry_schedule: z.array(z.number().int()).nullable(),
  timeout_ms: z.number().int().nullable(),
};
