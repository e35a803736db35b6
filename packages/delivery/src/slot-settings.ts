import type { CapKind } from "./endpoint-slots.js";

// The settings of an app's config the in-flight caps are built from.
export interface SlotConfig {
  QUEUE_PREFIX: string;
  ENDPOINT_MAX_IN_FLIGHT: number;
  DESTINATION_MAX_IN_FLIGHT: number;
  ACCOUNT_MAX_IN_FLIGHT: number;
  DELIVERY_TIMEOUT_MS: number;
}

// The caps' limits and slot lease, the same for the API (test sends) and the worker. Only the
// worker queues waiters, so it adds how long a waiter list lives (createEndpointSlots' waitTtlMs).
export function slotSettingsOf(config: SlotConfig): {
  prefix: string;
  limits: Record<CapKind, number>;
  leaseMs: number;
} {
  return {
    prefix: config.QUEUE_PREFIX,
    limits: {
      webhook: config.ENDPOINT_MAX_IN_FLIGHT,
      destination: config.DESTINATION_MAX_IN_FLIGHT,
      account: config.ACCOUNT_MAX_IN_FLIGHT,
    },
    // Longer than any attempt; a crashed process's slots free themselves after it.
    leaseMs: config.DELIVERY_TIMEOUT_MS + 5_000,
  };
}
