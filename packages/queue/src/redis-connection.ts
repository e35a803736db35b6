import { Redis } from "ioredis";

// Per BullMQ's production guidance. Workers block on Redis and must ride out any outage, so
// their commands wait and retry forever. The API only adds jobs: when Redis is down it should
// fail fast and let the sweeper enqueue later, rather than hold requests open.
export function createRedisConnection(url: string, role: "worker" | "producer"): Redis {
  if (role === "worker") {
    return new Redis(url, {
      maxRetriesPerRequest: null,
      retryStrategy: (times) => Math.min(200 * 2 ** Math.min(times, 5), 5_000),
    });
  }
  return new Redis(url, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectTimeout: 2_000,
    commandTimeout: 2_000,
    retryStrategy: (times) => Math.min(100 * 2 ** Math.min(times, 5), 2_000),
  });
}
