import { Cluster, type ClusterOptions, Redis, type RedisOptions } from "ioredis";

// A Redis URL, or a Redis Cluster's seed nodes (REDIS_CLUSTER_NODES, parsed by the config).
export type RedisTarget =
  | string
  | {
      nodes: { host: string; port: number }[];
      username?: string | undefined;
      password?: string | undefined;
      tls: boolean;
    };

// Per BullMQ's production guidance. Workers block on Redis and must ride out any outage, so
// their commands wait and retry forever. The API only adds jobs: when Redis is down it should
// fail fast and let the sweeper enqueue later, rather than hold requests open.
const roles = {
  worker: {
    maxRetriesPerRequest: null,
    retryStrategy: (times: number) => Math.min(200 * 2 ** Math.min(times, 5), 5_000),
  },
  producer: {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectTimeout: 2_000,
    commandTimeout: 2_000,
    retryStrategy: (times: number) => Math.min(100 * 2 ** Math.min(times, 5), 2_000),
  },
} satisfies Record<string, RedisOptions>;

// A Cluster client is returned as the Redis type its callers use: it runs the same commands,
// and every key Herald touches shares the prefix's hash slot (docs/runbook.md, Redis Cluster).
// `extra`: per-connection options on top of the role's (the worker's own commands pipelined).
export function createRedisConnection(
  target: RedisTarget,
  role: keyof typeof roles,
  extra: Pick<RedisOptions, "enableAutoPipelining"> = {},
): Redis {
  const options: RedisOptions = { ...roles[role], ...extra };
  if (typeof target === "string") return new Redis(target, options);
  const { retryStrategy, enableOfflineQueue, ...perNode } = options;
  const cluster: ClusterOptions = {
    redisOptions: {
      ...perNode,
      username: target.username,
      password: target.password,
      ...(target.tls ? { tls: {} } : {}),
    },
    clusterRetryStrategy: retryStrategy,
    // Through a failover the slot moves to the promoted replica: ask again a little later.
    retryDelayOnFailover: 200,
    retryDelayOnClusterDown: 300,
  };
  if (enableOfflineQueue !== undefined) cluster.enableOfflineQueue = enableOfflineQueue;
  if (extra.enableAutoPipelining) cluster.enableAutoPipelining = true;
  // With TLS, connect to the names the cluster announces, so certificates match (ioredis'
  // advice for managed clusters such as ElastiCache).
  if (target.tls) cluster.dnsLookup = (address, callback) => callback(null, address);
  return new Cluster(target.nodes, cluster) as unknown as Redis;
}
