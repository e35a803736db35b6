import { z } from "zod";
import { env } from "./config.js";

// Where the queue lives: one Redis (REDIS_URL) or a Redis Cluster (REDIS_CLUSTER_NODES, which
// wins when both are set). BullMQ's scripts and Herald's own (in-flight slots, rate limits)
// touch several keys at once, so in a cluster every key must hash to one slot: the queue
// prefix is then a hash tag such as {herald}.

export interface RedisClusterSettings {
  nodes: { host: string; port: number }[];
  username?: string | undefined;
  password?: string | undefined;
  tls: boolean;
}

const HASH_TAG_PREFIX = /^\{[A-Za-z0-9_-]{1,32}\}$/;

function clusterNode(entry: string): URL | undefined {
  try {
    const url = new URL(entry.includes("://") ? entry : `redis://${entry}`);
    if ((url.protocol !== "redis:" && url.protocol !== "rediss:") || url.port === "" || url.hostname === "")
      return undefined;
    return url;
  } catch {
    return undefined;
  }
}

const clusterNodes = env.list([]).transform((entries, ctx): RedisClusterSettings | undefined => {
  const urls = entries.map(clusterNode);
  if (urls.some((url) => url === undefined)) {
    ctx.addIssue({
      code: "custom",
      message: "expected comma-separated host:port (or redis://user:password@host:port) entries",
    });
    return z.NEVER;
  }
  const nodes = urls as URL[];
  const [first] = nodes;
  if (!first) return undefined;
  return {
    nodes: nodes.map((url) => ({ host: url.hostname, port: Number(url.port) })),
    username: first.username ? decodeURIComponent(first.username) : undefined,
    password: first.password ? decodeURIComponent(first.password) : undefined,
    tls: first.protocol === "rediss:",
  };
});

export const redisEnv = {
  REDIS_URL: env.url(["redis:", "rediss:"], "the Redis connection string").optional(),
  // Seed nodes as host:port, comma-separated; redis:// or rediss:// URLs also work, and the
  // first one's user, password and TLS apply to every node.
  REDIS_CLUSTER_NODES: clusterNodes,
  // Every Redis key Herald writes starts with it, so several stacks can share one Redis.
  QUEUE_PREFIX: z
    .string()
    .regex(
      /^(\{[A-Za-z0-9_-]{1,32}\}|[A-Za-z0-9_-]{1,32})$/,
      "expected 1-32 letters, digits, _ or -, optionally in braces ({herald}) as a cluster hash tag",
    )
    .default("herald"),
};

interface RedisConfig {
  REDIS_URL?: string | undefined;
  REDIS_CLUSTER_NODES?: RedisClusterSettings | undefined;
  QUEUE_PREFIX: string;
}

export function requireRedis(config: RedisConfig, ctx: z.RefinementCtx): void {
  if (config.REDIS_CLUSTER_NODES === undefined) {
    if (config.REDIS_URL === undefined)
      ctx.addIssue({
        code: "custom",
        path: ["REDIS_URL"],
        message: "required: the Redis connection string (or REDIS_CLUSTER_NODES for a Redis Cluster)",
      });
    return;
  }
  if (!HASH_TAG_PREFIX.test(config.QUEUE_PREFIX))
    ctx.addIssue({
      code: "custom",
      path: ["QUEUE_PREFIX"],
      message: `with REDIS_CLUSTER_NODES it must be a hash tag such as {${config.QUEUE_PREFIX.replace(/[{}]/g, "")}}, so every queue key lands in one cluster slot`,
    });
}

/** The cluster when REDIS_CLUSTER_NODES is set, else REDIS_URL (requireRedis ensured one). */
export function redisTargetOf(config: RedisConfig): string | RedisClusterSettings {
  const target = config.REDIS_CLUSTER_NODES ?? config.REDIS_URL;
  if (target === undefined) throw new Error("neither REDIS_CLUSTER_NODES nor REDIS_URL is set");
  return target;
}
