import type { Database, SecretBox } from "@herald/db";
import { parseNetworks } from "./address-policy.js";
import type { DeliveryContext } from "./attempt-delivery.js";
import type { RetrySettings } from "./backoff.js";
import { createDeliveryHttp } from "./delivery-http.js";

// The delivery variables both apps read (deliveryEnv in @herald/runtime), as settings.
export interface DeliveryConfig {
  DELIVERY_TIMEOUT_MS: number;
  RESPONSE_BODY_LIMIT_BYTES: number;
  ALLOWED_PRIVATE_NETWORKS: string[];
  RETRY_MAX_ATTEMPTS: number;
  RETRY_BASE_DELAY_MS: number;
  RETRY_MAX_DELAY_MS: number;
  RETRY_BACKOFF_FACTOR: number;
  DISABLE_AFTER_FAILURES: number;
}

export function retrySettingsOf(config: DeliveryConfig): RetrySettings {
  return {
    maxAttempts: config.RETRY_MAX_ATTEMPTS,
    baseDelayMs: config.RETRY_BASE_DELAY_MS,
    maxDelayMs: config.RETRY_MAX_DELAY_MS,
    factor: config.RETRY_BACKOFF_FACTOR,
  };
}

// Everything an attempt needs, built the same way by the worker and by the API (for /test).
// Its HTTP client keeps connections alive: close it on shutdown.
export function createDeliveryContext(
  deps: {
    db: Database;
    secretBox: SecretBox;
    userAgent: string;
    // Operators see which address a blocked destination resolved to; tenants never do.
    logger?: { warn(fields: object, message: string): void };
  },
  config: DeliveryConfig,
): DeliveryContext {
  return {
    db: deps.db,
    secretBox: deps.secretBox,
    http: createDeliveryHttp({
      timeoutMs: config.DELIVERY_TIMEOUT_MS,
      bodyLimitBytes: config.RESPONSE_BODY_LIMIT_BYTES,
      allowedNetworks: parseNetworks(config.ALLOWED_PRIVATE_NETWORKS),
      userAgent: deps.userAgent,
      onBlocked: (detail) =>
        deps.logger?.warn(detail, "delivery blocked: destination outside the address policy"),
    }),
    retry: retrySettingsOf(config),
    disableAfterFailures: config.DISABLE_AFTER_FAILURES,
  };
}
