import type { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";

// A token bucket in Redis, shared by every API replica: `capacity` tokens, refilled evenly so
// the bucket is full again after `windowSeconds`. Kept as GCRA: one number per key (the time
// the bucket will be full again), changed by one script call. It plugs into rate-limiter-flexible
// as its increment script, which passes (cost, window, points, duration) and reads back
// {points in use, ms until the answer changes}; more points in use than `capacity` is a refusal.
const GCRA = `
local cost = tonumber(ARGV[1])
local capacity = tonumber(ARGV[3])
local window = tonumber(ARGV[4]) * 1000
local interval = window / capacity
local clock = redis.call('TIME')
local now = clock[1] * 1000 + clock[2] / 1000
local full = tonumber(redis.call('GET', KEYS[1]) or now)
if full < now then full = now end
local after = full + cost * interval
local used = math.ceil((after - now) / interval - 1e-9)
if after - now > window then
  return {used, math.ceil(after - now - window)}
end
if after <= now then
  redis.call('DEL', KEYS[1])
  return {0, 0}
end
redis.call('SET', KEYS[1], string.format('%.3f', after), 'PX', math.ceil(after - now))
return {used, math.ceil(after - now)}
`;

export interface TokenBucket {
  // Resolves when a token was taken; rejects with a RateLimiterRes (msBeforeNext) when empty.
  consume(key: string, cost?: number): Promise<RateLimiterRes>;
  // Gives a token back (a charge that turned out not to be owed).
  reward(key: string): Promise<unknown>;
  capacity: number;
}

// While Redis is unreachable each replica counts in its own memory (a fixed window of the same
// size), so the limit still holds per replica instead of failing open.
export function createTokenBucket(
  redis: Redis,
  options: { keyPrefix: string; capacity: number; windowSeconds: number },
): TokenBucket {
  const limits = { keyPrefix: options.keyPrefix, points: options.capacity, duration: options.windowSeconds };
  const limiter = new RateLimiterRedis({
    ...limits,
    storeClient: redis,
    customIncrTtlLuaScript: GCRA,
    rejectIfRedisNotReady: true,
    insuranceLimiter: new RateLimiterMemory(limits),
  });
  return {
    capacity: options.capacity,
    consume: (key, cost = 1) => limiter.consume(key, cost),
    reward: (key) => limiter.reward(key, 1),
  };
}

export function isRefusal(error: unknown): error is RateLimiterRes {
  return error instanceof RateLimiterRes;
}
