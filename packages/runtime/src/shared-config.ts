import type { z } from "zod";
import { env } from "./config.js";
import { redisEnv } from "./redis-config.js";
import { tracingEnv } from "./tracing.js";

// Variables both apps read, declared once so they mean the same thing everywhere. Each app
// composes its own schema from these and its own variables (apps/*/src/config.ts).

// The parsed values of a group of variables.
type EnvValues<T extends Record<string, z.ZodType>> = { [K in keyof T]: z.output<T[K]> };

const DEV_ENCRYPTION_KEY = Buffer.alloc(32, 1).toString("base64");

export const DEFAULT_EVENT_TYPES = [
  "optimization.created",
  "optimization.approved",
  "optimization.rejected",
  "optimization.applied",
  "optimization.reverted",
  "product.scored",
  "product.synced",
];

export const commonEnv = {
  NODE_ENV: env.nodeEnv,
  LOG_LEVEL: env.logLevel,
  DATABASE_URL: env.url(["postgres:", "postgresql:"], "the Postgres connection string"),
  // While requests and jobs keep coming, how long the hot statements (the ingest, the worker's
  // load and attempt record) wait for others to share them; 0 sends each at the end of its
  // event-loop turn.
  BATCH_WINDOW_MS: env.integer(10, { min: 0, max: 1000 }),
  ...redisEnv,
  ...tracingEnv,
  SECRET_ENCRYPTION_KEY: env.encryptionKey().optional(),
};

export const deliveryEnv = {
  DELIVERY_TIMEOUT_MS: env.integer(15_000, { min: 100, max: 300_000 }),
  // Responses are read up to this many bytes (decompressed); a longer one is a failed attempt.
  RESPONSE_BODY_LIMIT_BYTES: env.integer(256 * 1024, { min: 4096, max: 64 * 1024 * 1024 }),
  ALLOW_HTTP_URLS: env.boolean(false),
  ALLOWED_PRIVATE_NETWORKS: env.list([]),
  RETRY_MAX_ATTEMPTS: env.integer(8, { min: 1, max: 50 }),
  RETRY_BASE_DELAY_MS: env.integer(5_000, { min: 1, max: 86_400_000 }),
  RETRY_MAX_DELAY_MS: env.integer(36_000_000, { min: 1, max: 7 * 86_400_000 }),
  RETRY_BACKOFF_FACTOR: env.integer(6, { min: 1, max: 100 }),
  DISABLE_AFTER_FAILURES: env.integer(100, { min: 1, max: 1_000_000 }),
};

// The delivery variables as @herald/delivery's settings (DeliverySettings), mapped once per app.
export function deliverySettingsOf(config: EnvValues<typeof deliveryEnv>) {
  return {
    timeoutMs: config.DELIVERY_TIMEOUT_MS,
    responseBodyLimitBytes: config.RESPONSE_BODY_LIMIT_BYTES,
    allowedPrivateNetworks: config.ALLOWED_PRIVATE_NETWORKS,
    retry: {
      maxAttempts: config.RETRY_MAX_ATTEMPTS,
      baseDelayMs: config.RETRY_BASE_DELAY_MS,
      maxDelayMs: config.RETRY_MAX_DELAY_MS,
      factor: config.RETRY_BACKOFF_FACTOR,
    },
    disableAfterFailures: config.DISABLE_AFTER_FAILURES,
  };
}

// In-flight caps across the whole fleet, read by the worker and by the API (POST .../test obeys
// them too). A job over any cap waits without using an attempt.
export const inFlightCapEnv = {
  // Deliveries in flight per webhook.
  ENDPOINT_MAX_IN_FLIGHT: env.integer(10, { min: 1, max: 10_000 }),
  // Per destination (scheme + host + port), whichever accounts and webhooks point at it.
  DESTINATION_MAX_IN_FLIGHT: env.integer(50, { min: 1, max: 100_000 }),
  // Per account, over all its webhooks.
  ACCOUNT_MAX_IN_FLIGHT: env.integer(100, { min: 1, max: 100_000 }),
};

// The caps as @herald/delivery's InFlightCaps, mapped once per app.
export function inFlightCapsOf(
  config: EnvValues<typeof inFlightCapEnv> & { QUEUE_PREFIX: string; DELIVERY_TIMEOUT_MS: number },
) {
  return {
    prefix: config.QUEUE_PREFIX,
    limits: {
      webhook: config.ENDPOINT_MAX_IN_FLIGHT,
      destination: config.DESTINATION_MAX_IN_FLIGHT,
      account: config.ACCOUNT_MAX_IN_FLIGHT,
    },
    deliveryTimeoutMs: config.DELIVERY_TIMEOUT_MS,
  };
}

// SECRET_ENCRYPTION_KEY may only be left out in development, which then uses a fixed,
// publicly known key: fine for a laptop, never for real secrets.
export function requireEncryptionKey<
  T extends { NODE_ENV: string; SECRET_ENCRYPTION_KEY?: string | undefined },
>(config: T, ctx: z.RefinementCtx): void {
  if (config.SECRET_ENCRYPTION_KEY === undefined && config.NODE_ENV !== "development") {
    ctx.addIssue({
      code: "custom",
      path: ["SECRET_ENCRYPTION_KEY"],
      message: "required outside development: base64 of 32 bytes (openssl rand -base64 32)",
    });
  }
}

export function encryptionKeyOf(config: { SECRET_ENCRYPTION_KEY?: string | undefined }): string {
  return config.SECRET_ENCRYPTION_KEY ?? DEV_ENCRYPTION_KEY;
}
