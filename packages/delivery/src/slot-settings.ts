import type { CapKind } from "./endpoint-slots.js";

// What the in-flight caps are built from (inFlightCapEnv in @herald/runtime, mapped by each app).
export interface InFlightCaps {
  // Redis keys of the slots live under the queue prefix.
  prefix: string;
  limits: Record<CapKind, number>;
  deliveryTimeoutMs: number;
}

// The caps' limits and slot lease, the same for the API (test sends) and the worker. Only the
// worker queues waiters, so it adds how long a waiter list lives (createEndpointSlots' waitTtlMs).
export function slotSettingsOf(caps: InFlightCaps): {
  prefix: string;
  limits: Record<CapKind, number>;
  leaseMs: number;
} {
  return {
    prefix: caps.prefix,
    limits: caps.limits,
    // Longer than any attempt; a crashed process's slots free themselves after it.
    leaseMs: caps.deliveryTimeoutMs + 5_000,
  };
}
