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
//
// A webhook's own rate limit is checked in the same script once every cap has room: one key holds
// the earliest time of the webhook's next request (requests go out at least 1/rate apart, across
// every worker). A job it refuses takes no slot, queues as a rate waiter and is told to sleep
// until about its turn (the wait plus one interval per waiter before it), so a backlog behind a
// slow rate does not come back again and again.
const ACQUIRE = `
local n = tonumber(ARGV[5])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local holder, lease, waiter, waitTtl = ARGV[1], tonumber(ARGV[2]), ARGV[3], tonumber(ARGV[4])
for i = 1, n do
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now)
  if redis.call('ZCARD', KEYS[i]) >= tonumber(ARGV[5 + i]) then
    if waiter == '' then return {i, 0} end
    -- It waits on this cap only: a slot freed under another cap must not wake it for nothing.
    for j = 1, n do if j ~= i then redis.call('ZREM', KEYS[n + j], waiter) end end
    if #KEYS > 2 * n then redis.call('ZREM', KEYS[2 * n + 2], waiter) end
    redis.call('ZADD', KEYS[n + i], 'NX', now, waiter)
    redis.call('PEXPIRE', KEYS[n + i], waitTtl)
    return {i, redis.call('ZRANK', KEYS[n + i], waiter)}
  end
end
local interval = tonumber(ARGV[6 + n])
if interval > 0 then
  local tat = tonumber(redis.call('GET', KEYS[2 * n + 1]) or '0')
  if tat > now then
    if waiter == '' then return {-1, tat - now} end
    for j = 1, n do redis.call('ZREM', KEYS[n + j], waiter) end
    redis.call('ZADD', KEYS[2 * n + 2], 'NX', now, waiter)
    redis.call('PEXPIRE', KEYS[2 * n + 2], waitTtl)
    return {-1, tat - now + redis.call('ZRANK', KEYS[2 * n + 2], waiter) * interval}
  end
  redis.call('SET', KEYS[2 * n + 1], now + interval, 'PX', interval + 1000)
  if waiter ~= '' then redis.call('ZREM', KEYS[2 * n + 2], waiter) end
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
  // This cap's own limit (a webhook's max_in_flight) instead of the kind's.
  limit?: number | null;
}

// A webhook's own request rate, checked with its caps.
export interface RateLimit {
  webhookId: string;
  perSecond: number;
}

export type CapAdmission =
  | { admitted: true }
  // `position`: how many jobs wait on this cap before this one (0 = next).
  | { admitted: false; cap: Cap; limit: number; position: number };

export type Admission =
  | CapAdmission
  // The webhook's rate limit: this job's turn comes in about `waitMs`.
  | { admitted: false; rate: RateLimit; waitMs: number };

interface SlotCommands {
  heraldAcquireSlots(...args: (string | number)[]): Promise<[number, number]>;
  heraldReleaseSlots(...args: string[]): Promise<string[]>;
}

export interface EndpointSlots {
  limits: Record<CapKind, number>;
  // A slot under every cap, or none. When refused with a `waiter` id, it queues on the full cap.
  // With a rate limit, the slots are taken only if the rate allows a request now too.
  acquire(caps: readonly Cap[], holder: string, waiter?: string): Promise<CapAdmission>;
  acquire(caps: readonly Cap[], holder: string, waiter: string, rate: RateLimit | null): Promise<Admission>;
  // Frees the holder's slots; returns the waiters to wake (one per cap that had a slot freed).
  release(caps: readonly Cap[], holder: string): Promise<string[]>;
  // Whether the waiter is still on the cap's waiter list (a release pops it to wake it).
  isWaiting(cap: Cap, waiter: string): Promise<boolean>;
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
  const rateKeys = (rate: RateLimit) => [
    `${options.prefix}:rate:webhook:${rate.webhookId}`,
    `${options.prefix}:rate-waiters:webhook:${rate.webhookId}`,
  ];
  const keysOf = (caps: readonly Cap[]) => [...caps.map(slotKey), ...caps.map(waitKey)];
  const limitOf = (cap: Cap) => cap.limit ?? options.limits[cap.kind];
  async function acquire(
    caps: readonly Cap[],
    holder: string,
    waiter = "",
    rate: RateLimit | null = null,
  ): Promise<Admission> {
    if (caps.length === 0 && !rate) return { admitted: true };
    const keys = rate ? [...keysOf(caps), ...rateKeys(rate)] : keysOf(caps);
    const [refused, detail] = await commands.heraldAcquireSlots(
      keys.length,
      ...keys,
      holder,
      options.leaseMs,
      waiter,
      options.waitTtlMs,
      caps.length,
      ...caps.map(limitOf),
      rate ? Math.max(1, Math.round(1000 / rate.perSecond)) : 0,
    );
    if (refused === 0) return { admitted: true };
    if (refused === -1 && rate) return { admitted: false, rate, waitMs: detail };
    const cap = caps[refused - 1]!;
    return { admitted: false, cap, limit: limitOf(cap), position: detail };
  }
  return {
    limits: options.limits,
    acquire: acquire as EndpointSlots["acquire"],
    release: (caps, holder) =>
      caps.length === 0
        ? Promise.resolve([])
        : commands.heraldReleaseSlots(String(caps.length * 2), ...keysOf(caps), holder),
    isWaiting: async (cap, waiter) => (await redis.zscore(waitKey(cap), waiter)) !== null,
    inFlight: (cap) => redis.zcard(slotKey(cap)),
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
