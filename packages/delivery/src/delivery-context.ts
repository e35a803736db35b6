import type { Database, SecretBox } from "@herald/db";
import { parseNetworks } from "./address-policy.js";
import type { DeliveryContext } from "./attempt-delivery.js";
import type { RetrySettings } from "./backoff.js";
import { createDeliveryHttp } from "./delivery-http.js";

// How attempts are made, the same for the worker and the API's test sends: each app maps its
// delivery variables (deliveryEnv in @herald/runtime) to these once, with deliverySettingsOf.
export interface DeliverySettings {
  timeoutMs: number;
  responseBodyLimitBytes: number;
  // CIDRs a destination may resolve into although private (ALLOWED_PRIVATE_NETWORKS).
  allowedPrivateNetworks: string[];
  retry: RetrySettings;
  disableAfterFailures: number;
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
  settings: DeliverySettings,
): DeliveryContext {
  return {
    db: deps.db,
    secretBox: deps.secretBox,
    http: createDeliveryHttp({
      timeoutMs: settings.timeoutMs,
      bodyLimitBytes: settings.responseBodyLimitBytes,
      allowedNetworks: parseNetworks(settings.allowedPrivateNetworks),
      userAgent: deps.userAgent,
      onBlocked: (detail) =>
        deps.logger?.warn(detail, "delivery blocked: destination outside the address policy"),
    }),
    retry: settings.retry,
    disableAfterFailures: settings.disableAfterFailures,
  };
}
