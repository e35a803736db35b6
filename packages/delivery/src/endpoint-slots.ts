import type { Redis } from "ioredis";

// Fleet-wide in-flight caps: per webhook, per destination (scheme + host + port, whichever
// accounts point at it) and per account. A slot is a member of one sorted set per cap, scored by
// its expiry, so a worker that dies holding one frees it when the lease runs out. Taking the
// slots of every cap is one script, so one Redis round trip, all or nothing.
//
// A job refused by a full cap queues as a waiter on that cap (same script); whoever releases a
// slot of the cap gets the oldest waiter back to wake it. Over-cap jobs therefore sleep until a
// slot frees instead of coming back again and again (deferral churn), which let a big backlog on
// one capped destination crowd every other account's jobs out of the queue.
const ACQUIRE = `
local n = #KEYS / 2
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local holder, lease, waiter, waitTtl = ARGV[1], tonumber(ARGV[2]), ARGV[3], tonumber(ARGV[4])
for i = 1, n do
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now)
  if redis.call('ZCARD', KEYS[i]) >= tonumber(ARGV[4 + i]) then
    if waiter == '' then return {i, 0} end
    redis.call('ZADD', KEYS[n + i], 'NX', now, waiter)
    redis.call('PEXPIRE', KEYS[n + i], waitTtl)
    return {i, redis.call('ZRANK', KEYS[n + i], waiter)}
  end
end
for i = 1, n do
  redis.call('ZADD', KEYS[i], now + lease, holder)
  redis.call('PEXPIRE', KEYS[i], lease)
  if waiter ~= '' then redis.call('ZREM', KEYS[n + i], waiter) end
end
return {0, 0}`;

// Frees the holder's slots and pops one waiter of each cap it freed a slot of.
const RELEASE = `
local n = #KEYS / 2
local woken = {}
for i = 1, n do
  if redis.call('ZREM', KEYS[i], ARGV[1]) == 1 then
    local next = redis.call('ZPOPMIN', KEYS[n + i])
    if next[1] then woken[#woken + 1] = next[1] end
  end
end
return woken`;

export type CapKind = "webhook" | "destination" | "account";

export interface Cap {
  kind: CapKind;
  id: string;
}

export type Admission =
  | { admitted: true }
  // `position`: how many jobs wait on this cap before this one (0 = next).
  | { admitted: false; cap: Cap; limit: number; position: number };

interface SlotCommands {
  heraldAcquireSlots(...args: (string | number)[]): Promise<[number, number]>;
  heraldReleaseSlots(...args: string[]): Promise<string[]>;
}

export interface EndpointSlots {
  limits: Record<CapKind, number>;
  // A slot under every cap, or none. When refused with a `waiter` id, it queues on the full cap.
  acquire(caps: readonly Cap[], holder: string, waiter?: string): Promise<Admission>;
  // Frees the holder's slots; returns the waiters to wake (one per cap that had a slot freed).
  release(caps: readonly Cap[], holder: string): Promise<string[]>;
  inFlight(cap: Cap): Promise<number>;
}

export function createEndpointSlots(
  redis: Redis,
  options: { prefix: string; limits: Record<CapKind, number>; leaseMs: number; waitTtlMs: number },
): EndpointSlots {
  redis.defineCommand("heraldAcquireSlots", { lua: ACQUIRE });
  redis.defineCommand("heraldReleaseSlots", { lua: RELEASE });
  const commands = redis as unknown as SlotCommands;
  // Every key starts with the queue prefix, so a hash-tagged prefix keeps them in one cluster slot.
  const slotKey = (cap: Cap) => `${options.prefix}:slots:${cap.kind}:${cap.id}`;
  const waitKey = (cap: Cap) => `${options.prefix}:slot-waiters:${cap.kind}:${cap.id}`;
  const keysOf = (caps: readonly Cap[]) => [...caps.map(slotKey), ...caps.map(waitKey)];
  return {
    limits: options.limits,
    async acquire(caps, holder, waiter = "") {
      if (caps.length === 0) return { admitted: true };
      const limits = caps.map((cap) => options.limits[cap.kind]);
      const [refused, position] = await commands.heraldAcquireSlots(
        caps.length * 2,
        ...keysOf(caps),
        holder,
        options.leaseMs,
        waiter,
        options.waitTtlMs,
        ...limits,
      );
      if (refused === 0) return { admitted: true };
      const cap = caps[refused - 1]!;
      return { admitted: false, cap, limit: options.limits[cap.kind], position };
    },
    release: (caps, holder) =>
      caps.length === 0
        ? Promise.resolve([])
        : commands.heraldReleaseSlots(String(caps.length * 2), ...keysOf(caps), holder),
    inFlight: (cap) => redis.zcard(slotKey(cap)),
  };
}

// The caps a delivery of this webhook falls under.
export function capsOf(route: { webhookId: string; accountId: string; destination: string }): Cap[] {
  return [
    { kind: "webhook", id: route.webhookId },
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
