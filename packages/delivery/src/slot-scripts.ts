// The Lua of the fleet-wide admission (endpoint-slots.ts explains what each part is for). Every
// key is passed in KEYS and starts with the queue prefix, so Redis Cluster keeps working.
//
// ACQUIRE: KEYS = n slot sets, n waiter sets, [rate, rate waiters] if ARGV rate interval > 0,
// [pause, breaker] if gated. ARGV = holder, lease, waiter, waitTtl, n, n limits, rate interval
// (ms, 0 = none), gated (0|1).
// Returns {0, 0} admitted (and {0, 1} admitted as the breaker's probe); {i, position} refused by
// cap i; {-1, ms} by the rate limit (the job's reserved turn comes in ms); {-2, ms} by an open breaker; {-3, ms} by a Retry-After pause.
export const ACQUIRE = `
local n = tonumber(ARGV[5])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local holder, lease, waiter, waitTtl = ARGV[1], tonumber(ARGV[2]), ARGV[3], tonumber(ARGV[4])
local interval = tonumber(ARGV[6 + n])
local gated = ARGV[7 + n] == '1'
local rateKey, rateWaiters = KEYS[2 * n + 1], KEYS[2 * n + 2]
local gate = 2 * n + (interval > 0 and 2 or 0)
local pauseKey, breakerKey = KEYS[gate + 1], KEYS[gate + 2]
local probe = false
-- A refused job waits on one list at most, that of the cap (or rate limit: -1) that refused it
-- (none: 0), so a slot freed elsewhere never wakes it for nothing while real waiters sleep.
local function leaveWaiters(except)
  if waiter == '' then return end
  for j = 1, n do if j ~= except then redis.call('ZREM', KEYS[n + j], waiter) end end
  if interval > 0 and except ~= -1 then redis.call('ZREM', rateWaiters, waiter) end
end
if gated then
  local paused = redis.call('PTTL', pauseKey)
  if paused > 0 then leaveWaiters(0) return {-3, paused} end
  local b = redis.call('HMGET', breakerKey, 's', 'r', 'pu')
  if b[1] == 'open' then
    local at = tonumber(b[2])
    if at > now then leaveWaiters(0) return {-2, at - now} end
    probe = true
  elseif b[1] == 'half' then
    local probeUntil = tonumber(b[3])
    if probeUntil > now then leaveWaiters(0) return {-2, probeUntil - now} end
    probe = true
  end
end
for i = 1, n do
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now)
  if redis.call('ZCARD', KEYS[i]) >= tonumber(ARGV[5 + i]) then
    if waiter == '' then return {i, 0} end
    leaveWaiters(i)
    redis.call('ZADD', KEYS[n + i], 'NX', now, waiter)
    redis.call('PEXPIRE', KEYS[n + i], waitTtl)
    return {i, redis.call('ZRANK', KEYS[n + i], waiter)}
  end
end
if interval > 0 then
  local reserved = waiter ~= '' and redis.call('ZSCORE', rateWaiters, waiter)
  if reserved then
    -- A turn this job reserved earlier: not before it; once it has come, go (it is counted).
    if tonumber(reserved) > now then leaveWaiters(-1) return {-1, tonumber(reserved) - now} end
    redis.call('ZREM', rateWaiters, waiter)
  else
    local tat = tonumber(redis.call('GET', rateKey) or '0')
    if tat > now then
      if waiter == '' then return {-1, tat - now} end
      leaveWaiters(-1)
      -- Reserve the next free turn, so a late sleeper delays nobody after it.
      redis.call('ZADD', rateWaiters, tat, waiter)
      redis.call('PEXPIRE', rateWaiters, tat - now + waitTtl)
      redis.call('SET', rateKey, tat + interval, 'PX', tat + interval - now + 1000)
      return {-1, tat - now}
    end
    redis.call('SET', rateKey, now + interval, 'PX', interval + 1000)
  end
end
for i = 1, n do
  redis.call('ZADD', KEYS[i], now + lease, holder)
  redis.call('PEXPIRE', KEYS[i], lease)
  if waiter ~= '' then redis.call('ZREM', KEYS[n + i], waiter) end
end
if probe then redis.call('HSET', breakerKey, 's', 'half', 'pu', now + lease) end
return {0, probe and 1 or 0}`;

// RELEASE: KEYS = n slot sets, n waiter sets, [pause, breaker] if gated. ARGV = holder, n, gated,
// outcome ('' no attempt | 'ok' | 'fail'), Retry-After ms (0 none), breaker failures, base
// cool-down ms, longest cool-down ms.
// Frees the holder's slots and pops one waiter of each cap it freed a slot of; records the
// attempt with the breaker. Returns {retry at ms if this release opened the breaker else 0,
// woken...}.
export const RELEASE = `
local n = tonumber(ARGV[2])
local gated, outcome, retryAfter = ARGV[3] == '1', ARGV[4], tonumber(ARGV[5])
local threshold, base, longest = tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8])
local result = {0}
for i = 1, n do
  if redis.call('ZREM', KEYS[i], ARGV[1]) == 1 then
    local next = redis.call('ZPOPMIN', KEYS[n + i])
    if next[1] then result[#result + 1] = next[1] end
  end
end
if not gated or outcome == '' then return result end
local pauseKey, breakerKey = KEYS[2 * n + 1], KEYS[2 * n + 2]
if retryAfter > 0 and redis.call('PTTL', pauseKey) < retryAfter then
  redis.call('SET', pauseKey, '1', 'PX', retryAfter)
end
if threshold <= 0 then return result end
if outcome == 'ok' then
  redis.call('DEL', breakerKey)
  return result
end
local state = redis.call('HGET', breakerKey, 's')
if state == 'open' then return result end
local trip = state == 'half'
if not trip then trip = redis.call('HINCRBY', breakerKey, 'f', 1) >= threshold end
if trip then
  local t = redis.call('TIME')
  local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
  local trips = redis.call('HINCRBY', breakerKey, 't', 1)
  local cool = math.min(longest, base * 2 ^ math.min(trips - 1, 30))
  redis.call('HSET', breakerKey, 's', 'open', 'r', now + cool, 'f', 0)
  result[1] = now + cool
end
-- Long enough to remember the trips (the next cool-down grows) for a while after the last one.
redis.call('PEXPIRE', breakerKey, longest * 4 + 86400000)
return result`;
