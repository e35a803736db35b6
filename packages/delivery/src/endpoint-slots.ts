import type { Redis } from "ioredis";

// Caps how many deliveries to one endpoint run at once across the whole worker fleet, so a
// slow or hanging endpoint holds at most `limit` worker slots. A slot is a member of a sorted
// set scored by its expiry: a worker that dies holding one frees it when the lease runs out.
const ACQUIRE = `
local now = redis.call('TIME')
local nowMs = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', nowMs)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[1], nowMs + tonumber(ARGV[3]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]))
return 1`;

interface SlotCommands {
  heraldAcquireSlot(key: string, holder: string, limit: number, leaseMs: number): Promise<number>;
}

export interface EndpointSlots {
  acquire(webhookId: string, holder: string): Promise<boolean>;
  release(webhookId: string, holder: string): Promise<void>;
  inFlight(webhookId: string): Promise<number>;
}

export function createEndpointSlots(
  redis: Redis,
  options: { prefix: string; limit: number; leaseMs: number },
): EndpointSlots {
  redis.defineCommand("heraldAcquireSlot", { numberOfKeys: 1, lua: ACQUIRE });
  const commands = redis as unknown as SlotCommands;
  const key = (webhookId: string) => `${options.prefix}:endpoint-slots:${webhookId}`;
  return {
    acquire: async (webhookId, holder) =>
      (await commands.heraldAcquireSlot(key(webhookId), holder, options.limit, options.leaseMs)) === 1,
    release: async (webhookId, holder) => {
      await redis.zrem(key(webhookId), holder);
    },
    inFlight: (webhookId) => redis.zcard(key(webhookId)),
  };
}
