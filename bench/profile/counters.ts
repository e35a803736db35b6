// Statements per delivery (pg_stat_statements, Herald's role only: the bench queries as
// "observer") and Redis commands per delivery (INFO commandstats; commands that BullMQ's Lua
// scripts run inside Redis are counted too, which is the work Redis does for a delivery).
import { Redis } from "ioredis";
import { round } from "../log.js";
import type { BenchStack } from "../stack.js";

export interface StatementCount {
  query: string;
  calls: number;
  meanMs: number;
  // Planning time per call, averaged over every call: prepared statements plan only now and
  // then (pg_stat_statements.track_planning is on in the bench).
  meanPlanMs: number;
}

export interface CommandCount {
  command: string;
  calls: number;
  usecPerCall: number;
}

export interface Counters {
  deliveries: number;
  events: number;
  postgres: {
    statements: number;
    perDelivery: number;
    perEvent: number;
    top: StatementCount[];
    // WAL flushes (fsync) per delivery and their mean time (track_wal_io_timing is on).
    walSyncsPerDelivery: number;
    walSyncMeanMs: number;
    walBytesPerDelivery: number;
  };
  redis: {
    commands: number;
    perDelivery: number;
    scriptCallsPerDelivery: number;
    redisCpuUsPerDelivery: number;
    top: CommandCount[];
  };
}

export async function withRedis<T>(url: string, work: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    return await work(redis);
  } finally {
    redis.disconnect();
  }
}

export interface RedisCommandStats {
  total: number;
  scripts: number;
  commands: CommandCount[];
}

// INFO commandstats, without the bench's own CONFIG and INFO calls.
export async function redisCommandStats(url: string): Promise<RedisCommandStats> {
  const info = await withRedis(url, (redis) => redis.info("commandstats"));
  const commands: CommandCount[] = [];
  for (const line of info.split("\n")) {
    const match = /^cmdstat_([^:]+):calls=(\d+),usec=(\d+),usec_per_call=([\d.]+)/.exec(line.trim());
    if (!match || ["config", "info", "slowlog"].includes(match[1]!)) continue;
    commands.push({ command: match[1]!, calls: Number(match[2]), usecPerCall: Number(match[4]) });
  }
  commands.sort((a, b) => b.calls - a.calls);
  const total = commands.reduce((sum, c) => sum + c.calls, 0);
  const scripts = commands
    .filter((c) => ["evalsha", "eval", "fcall"].includes(c.command))
    .reduce((sum, c) => sum + c.calls, 0);
  return { total, scripts, commands };
}

export async function resetRedisStats(url: string): Promise<void> {
  await withRedis(url, (redis) => redis.config("RESETSTAT"));
}

// CPU the Redis server used so far, all its threads, in ms (INFO cpu). commandstats' usec
// cannot be summed for this: a script's time already includes the commands it runs.
export async function redisCpuMs(url: string): Promise<number> {
  const info = await withRedis(url, (redis) => redis.info("cpu"));
  const field = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? 0);
  return (field("used_cpu_sys") + field("used_cpu_user")) * 1000;
}

export interface CounterMark {
  redisCpuMs: number;
}

export async function resetCounters(stack: BenchStack): Promise<CounterMark> {
  await stack.observer.query("SELECT pg_stat_statements_reset()");
  await stack.observer.query("SELECT pg_stat_reset_shared('wal')");
  await resetRedisStats(stack.redisUrl);
  return { redisCpuMs: await redisCpuMs(stack.redisUrl) };
}

export async function readCounters(
  stack: BenchStack,
  mark: CounterMark,
  deliveries: number,
  events: number,
): Promise<Counters> {
  const { rows } = await stack.observer.query<{
    query: string;
    calls: number;
    mean_ms: number;
    plan_ms: number;
  }>(
    `SELECT regexp_replace(query, '\\s+', ' ', 'g') AS query, calls::int, mean_exec_time AS mean_ms,
            total_plan_time / calls AS plan_ms
     FROM pg_stat_statements
     WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
       AND userid = (SELECT oid FROM pg_roles WHERE rolname = 'postgres')
     ORDER BY calls DESC`,
  );
  const statements = rows.reduce((sum, row) => sum + row.calls, 0);
  const wal = (
    await stack.observer.query<{ syncs: number; sync_ms: number; bytes: number }>(
      "SELECT wal_sync::float8 AS syncs, wal_sync_time AS sync_ms, wal_bytes::float8 AS bytes FROM pg_stat_wal",
    )
  ).rows[0] ?? { syncs: 0, sync_ms: 0, bytes: 0 };
  const { total, scripts, commands } = await redisCommandStats(stack.redisUrl);
  const redisCpu = (await redisCpuMs(stack.redisUrl)) - mark.redisCpuMs;
  const per = (n: number) => round(n / Math.max(1, deliveries), 2);
  return {
    deliveries,
    events,
    postgres: {
      statements,
      perDelivery: per(statements),
      perEvent: round(statements / Math.max(1, events), 2),
      top: rows.slice(0, 6).map((row) => ({
        query: row.query.slice(0, 90),
        calls: row.calls,
        meanMs: round(row.mean_ms, 3),
        meanPlanMs: round(row.plan_ms, 3),
      })),
      walSyncsPerDelivery: per(wal.syncs),
      walSyncMeanMs: round(wal.sync_ms / Math.max(1, wal.syncs), 3),
      walBytesPerDelivery: Math.round(wal.bytes / Math.max(1, deliveries)),
    },
    redis: {
      commands: total,
      perDelivery: per(total),
      scriptCallsPerDelivery: per(scripts),
      redisCpuUsPerDelivery: per(redisCpu * 1000),
      top: commands.slice(0, 10),
    },
  };
}
