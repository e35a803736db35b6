import type { Redis } from "ioredis";
import { ACQUIRE, RELEASE } from "./slot-scripts.js";

// Fleet-wide in-flight caps: per webhook, per destination (scheme + host + port, whichever
// accounts point at it) and per account. A slot is a member of one sorted set per cap, scored by
// its expiry, so a worker that dies holding one frees it when the lease runs out. Taking the
// slots of every cap is one script, so one Redis round trip, all or nothing.
//
// A job refused by a full cap queues as a waiter on that cap (same script); whoever releases a
// slot of the cap gets the oldest waiter back to wake it. Over-cap jobs therefore sleep until a
// slot frees instead of coming back again and again (deferral churn), which let a big backlog on
// one capped destination crowd every other account's jobs out of the queue.
//
// A webhook's own rate limit is checked in the same script once every cap has room: one key holds
// the time of the webhook's next free turn (turns are 1/rate apart, across every worker). A job
// that finds no free turn takes no slot, reserves the next turn (the key moves on by one
// interval) and sleeps until then; when it comes back at or after its turn it goes without
// another check. A backlog behind a slow rate is thus woken once per job, in turn order, and a
// late sleeper delays nobody after it.
//
// Gates, checked first in the same script for worker jobs: a webhook paused by a receiver's
// Retry-After (429/503) refuses every job of the webhook until then, and a destination's circuit
// breaker refuses every job to it while open. After BREAKER_FAILURES consecutive failed attempts
// to a destination (counted by the release script, the round trip every attempt makes anyway)
// the breaker opens for a cool-down that doubles with each trip up to a cap; once it is over, one
// job is let through as the probe (half open); its success closes the breaker, its failure opens
// it again for longer. Refused jobs sleep until the gate's time and spend no attempt.
export type CapKind = "webhook" | "destination" | "account";

export interface Cap {
  kind: CapKind;
  id: string;
  // This cap's own limit (a webhook's max_in_flight) instead of the kind's.
  limit?: number | null;
}

// A webhook's own request rate, checked with its caps.
export interface RateLimit {
  webhookId: string;
  perSecond: number;
}

type CapAdmission =
  | { admitted: true }
  // `position`: how many jobs wait on this cap before this one (0 = next).
  | { admitted: false; cap: Cap; limit: number; position: number };

// Where a worker job goes: its webhook (Retry-After pause) and destination (breaker).
export interface Gate {
  webhookId: string;
  destination: string;
}

export type Admission =
  | { admitted: true; probe?: boolean }
  | Exclude<CapAdmission, { admitted: true }>
  // The webhook's rate limit: this job's turn comes in about `waitMs`.
  | { admitted: false; rate: RateLimit; waitMs: number }
  // The destination's breaker is open, or the webhook paused by Retry-After, for `waitMs`.
  | { admitted: false; gate: "breaker" | "paused"; waitMs: number };

// What an attempt came to, for the breaker: "none" when no attempt was made.
export type AttemptVerdict =
  | { kind: "none" }
  | { kind: "ok" }
  | { kind: "fail"; retryAfterMs: number | null };

interface BreakerSettings {
  // Consecutive failed attempts that open a destination's breaker (0: no breaker).
  failures: number;
  cooldownMs: number;
  maxCooldownMs: number;
}

interface Release {
  woken: string[];
  // Set when this release opened the destination's breaker: when it lets a probe through.
  openedUntil: Date | null;
}

export type Circuit = { circuit: "closed" | "open" | "half_open"; circuit_retry_at: string | null };

interface SlotCommands {
  heraldAcquireSlots(...args: (string | number)[]): Promise<[number, number]>;
  heraldReleaseSlots(...args: (string | number)[]): Promise<[number, ...string[]]>;
}

export interface EndpointSlots {
  limits: Record<CapKind, number>;
  // A slot under every cap, or none. When refused with a `waiter` id, it queues on the full cap.
  // With a rate limit, the slots are taken only if the rate allows a request now too.
  acquire(caps: readonly Cap[], holder: string, waiter?: string): Promise<CapAdmission>;
  acquire(
    caps: readonly Cap[],
    holder: string,
    waiter: string,
    rate: RateLimit | null,
    gate?: Gate | null,
  ): Promise<Admission>;
  // Frees the holder's slots; returns the waiters to wake (one per cap that had a slot freed).
  release(caps: readonly Cap[], holder: string): Promise<string[]>;
  // The same for a worker job, recording its attempt with the breaker and a Retry-After pause.
  settle(caps: readonly Cap[], holder: string, gate: Gate, verdict: AttemptVerdict): Promise<Release>;
  // Whether the waiter is still on the cap's waiter list (a release pops it to wake it).
  isWaiting(cap: Cap, waiter: string): Promise<boolean>;
  inFlight(cap: Cap): Promise<number>;
  circuitOf(destination: string): Promise<Circuit>;
}

export function createEndpointSlots(
  redis: Redis,
  options: {
    prefix: string;
    limits: Record<CapKind, number>;
    leaseMs: number;
    // How long a cap's waiter list lives; only callers that queue waiters (the worker) need it.
    waitTtlMs?: number;
    breaker?: BreakerSettings;
  },
): EndpointSlots {
  const breaker = options.breaker ?? { failures: 0, cooldownMs: 0, maxCooldownMs: 0 };
  redis.defineCommand("heraldAcquireSlots", { lua: ACQUIRE });
  redis.defineCommand("heraldReleaseSlots", { lua: RELEASE });
  const commands = redis as unknown as SlotCommands;
  // Every key starts with the queue prefix, so a hash-tagged prefix keeps them in one cluster slot.
  const slotKey = (cap: Cap) => `${options.prefix}:slots:${cap.kind}:${cap.id}`;
  const waitKey = (cap: Cap) => `${options.prefix}:slot-waiters:${cap.kind}:${cap.id}`;
  const rateKeys = (rate: RateLimit) => [
    `${options.prefix}:rate:webhook:${rate.webhookId}`,
    `${options.prefix}:rate-waiters:webhook:${rate.webhookId}`,
  ];
  const gateKeys = (gate: Gate) => [
    `${options.prefix}:paused:webhook:${gate.webhookId}`,
    `${options.prefix}:breaker:${gate.destination}`,
  ];
  const keysOf = (caps: readonly Cap[]) => [...caps.map(slotKey), ...caps.map(waitKey)];
  const limitOf = (cap: Cap) => cap.limit ?? options.limits[cap.kind];
  async function acquire(
    caps: readonly Cap[],
    holder: string,
    waiter = "",
    rate: RateLimit | null = null,
    gate: Gate | null = null,
  ): Promise<Admission> {
    if (caps.length === 0 && !rate && !gate) return { admitted: true };
    const keys = [...keysOf(caps), ...(rate ? rateKeys(rate) : []), ...(gate ? gateKeys(gate) : [])];
    const [refused, detail] = await commands.heraldAcquireSlots(
      keys.length,
      ...keys,
      holder,
      options.leaseMs,
      waiter,
      options.waitTtlMs ?? options.leaseMs,
      caps.length,
      ...caps.map(limitOf),
      rate ? Math.max(1, Math.round(1000 / rate.perSecond)) : 0,
      gate ? 1 : 0,
    );
    if (refused === 0) return detail === 1 ? { admitted: true, probe: true } : { admitted: true };
    if (refused === -1 && rate) return { admitted: false, rate, waitMs: detail };
    if (refused === -2) return { admitted: false, gate: "breaker", waitMs: detail };
    if (refused === -3) return { admitted: false, gate: "paused", waitMs: detail };
    const cap = caps[refused - 1]!;
    return { admitted: false, cap, limit: limitOf(cap), position: detail };
  }
  return {
    limits: options.limits,
    acquire: acquire as EndpointSlots["acquire"],
    async release(caps, holder) {
      if (caps.length === 0) return [];
      const [, ...woken] = await commands.heraldReleaseSlots(
        caps.length * 2,
        ...keysOf(caps),
        holder,
        caps.length,
        0,
        "",
        0,
        0,
        0,
        0,
      );
      return woken;
    },
    async settle(caps, holder, gate, verdict) {
      const keys = [...keysOf(caps), ...gateKeys(gate)];
      const outcome = verdict.kind === "none" ? "" : verdict.kind;
      const retryAfter = verdict.kind === "fail" ? (verdict.retryAfterMs ?? 0) : 0;
      const [opened, ...woken] = await commands.heraldReleaseSlots(
        keys.length,
        ...keys,
        holder,
        caps.length,
        1,
        outcome,
        Math.round(retryAfter),
        breaker.failures,
        breaker.cooldownMs,
        breaker.maxCooldownMs,
      );
      return { woken, openedUntil: opened > 0 ? new Date(opened) : null };
    },
    isWaiting: async (cap, waiter) => (await redis.zscore(waitKey(cap), waiter)) !== null,
    inFlight: (cap) => redis.zcard(slotKey(cap)),
    async circuitOf(destination) {
      const [state, retryAt] = await redis.hmget(`${options.prefix}:breaker:${destination}`, "s", "r");
      if (state === "half") return { circuit: "half_open", circuit_retry_at: null };
      if (state !== "open" || !retryAt) return { circuit: "closed", circuit_retry_at: null };
      // Open until its cool-down ends; the first job after that is let through as the probe.
      const at = new Date(Number(retryAt));
      return at.getTime() > Date.now()
        ? { circuit: "open", circuit_retry_at: at.toISOString() }
        : { circuit: "half_open", circuit_retry_at: null };
    },
  };
}

// The caps a delivery of this webhook falls under.
export function capsOf(route: {
  webhookId: string;
  accountId: string;
  destination: string;
  maxInFlight?: number | null;
}): Cap[] {
  return [
    { kind: "webhook", id: route.webhookId, limit: route.maxInFlight ?? null },
    { kind: "destination", id: route.destination },
    { kind: "account", id: route.accountId },
  ];
}

// scheme://host:port, the port explicit: https://a.example and https://a.example:443/x are one
// destination; http://a.example is another.
export function destinationOf(url: string): string {
  const parsed = new URL(url);
  const port = parsed.port || (parsed.protocol === "http:" ? "80" : "443");
  return `${parsed.protocol}//${parsed.hostname}:${port}`;
}
