import {
  commonEnv,
  DEFAULT_EVENT_TYPES,
  deliveryEnv,
  env,
  inFlightCapEnv,
  loadConfigOrExit,
  requireEncryptionKey,
  requireRedis,
} from "@herald/runtime";
import proxyAddr from "proxy-addr";
import { z } from "zod";

const eventTypeList = (fallback: string[]) =>
  env.list(fallback).refine((names) => names.every((name) => /^[A-Za-z0-9_.:-]{1,100}$/.test(name)), {
    message: "expected comma-separated event type names (letters, digits, _ . : -, at most 100 each)",
  });

export const apiConfigSchema = z
  .object({
    ...commonEnv,
    ...deliveryEnv,
    // POST /v1/webhooks/{id}/test obeys the same caps as the worker.
    ...inFlightCapEnv,
    PORT: env.port(3000),
    // Prometheus metrics (/metrics), on a port of their own that is not published.
    API_METRICS_PORT: env.port(3003),
    HOST: z.string().default("0.0.0.0"),
    // Largest request body accepted, an event's JSON included.
    MAX_PAYLOAD_BYTES: env.integer(256 * 1024, { min: 1024, max: 64 * 1024 * 1024 }),
    // Deepest nesting of objects and arrays in an event's data (the data object is level 1).
    MAX_JSON_DEPTH: env.integer(32, { min: 1, max: 1000 }),
    // Events one POST /v1/events/batch may carry (the body is still bounded by MAX_PAYLOAD_BYTES).
    MAX_BATCH_EVENTS: env.integer(100, { min: 1, max: 10_000 }),
    // Webhooks an account may have (not counting deleted ones); bounds the fan-out of one event.
    MAX_WEBHOOKS_PER_ACCOUNT: env.integer(100, { min: 1, max: 100_000 }),
    // Requests per API key per minute, across all API replicas (a token bucket of this size,
    // refilled over a minute); 0 turns the limit off.
    RATE_LIMIT_PER_MINUTE: env.integer(6000, { min: 0 }),
    // Failed authentications per client address per minute before it gets 429; 0 turns it off.
    AUTH_FAILURES_PER_MINUTE: env.integer(60, { min: 0 }),
    // Express's "trust proxy": which proxies' X-Forwarded-For names the client address (a hop
    // count, "loopback", CIDRs, ...). Unset: the client address is the connection's.
    TRUST_PROXY: z
      .string()
      .optional()
      .transform((value, ctx) => {
        if (value === undefined) return undefined;
        if (/^\d+$/.test(value)) return Number(value);
        try {
          // Compiled here the way Express will, so a bad value stops the start naming the variable.
          proxyAddr.compile(value.split(",").map((part) => part.trim()));
          return value;
        } catch (error) {
          ctx.addIssue({
            code: "custom",
            message: `expected a hop count, or comma-separated "loopback", "linklocal", "uniquelocal", addresses and CIDRs (${(error as Error).message})`,
          });
          return z.NEVER;
        }
      }),
    // How long a looked-up API key is trusted before asking Postgres again (revocation delay).
    API_KEY_CACHE_TTL_MS: env.integer(10_000, { min: 0, max: 300_000 }),
    // The event catalog: EVENT_TYPES replaces the default list, EXTRA_EVENT_TYPES extends it.
    EVENT_TYPES: eventTypeList(DEFAULT_EVENT_TYPES),
    EXTRA_EVENT_TYPES: eventTypeList([]),
    // The queue board at /admin/queues is mounted only when both are set.
    ADMIN_USER: z.string().optional(),
    ADMIN_PASSWORD: z.string().optional(),
    SHUTDOWN_TIMEOUT_MS: env.integer(10_000, { min: 0, max: 600_000 }),
    // The web UI's built assets (npm run build), served at /ui.
    UI_DIR: z.string().default("apps/ui/dist"),
    // The API's address as browsers reach it, for portal links; unset: the request's own host.
    PUBLIC_URL: env
      .url(["http:", "https:"], "PUBLIC_URL")
      .transform((value) => value.replace(/\/+$/, ""))
      .optional(),
  })
  .superRefine(requireEncryptionKey)
  .superRefine(requireRedis);

export type ApiConfig = z.output<typeof apiConfigSchema>;

export function loadApiConfig(source: NodeJS.ProcessEnv = process.env): ApiConfig {
  return loadConfigOrExit(apiConfigSchema, source);
}
