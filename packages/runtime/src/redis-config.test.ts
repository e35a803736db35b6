import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseConfig } from "./config.js";
import { redisEnv, redisTargetOf, requireRedis } from "./redis-config.js";

const schema = z.object(redisEnv).superRefine(requireRedis);

describe("Redis settings", () => {
  it("use REDIS_URL when no cluster is named", () => {
    expect(redisTargetOf(parseConfig(schema, { REDIS_URL: "redis://h:6379" }))).toBe("redis://h:6379");
  });

  it("prefer the cluster, with the first seed URL's credentials and TLS for every node", () => {
    const config = parseConfig(schema, {
      REDIS_URL: "redis://ignored:6379",
      REDIS_CLUSTER_NODES: "rediss://app:s%40cret@10.0.0.1:7000, 10.0.0.2:7001,redis-2:7002",
      QUEUE_PREFIX: "{herald}",
    });
    expect(redisTargetOf(config)).toEqual({
      nodes: [
        { host: "10.0.0.1", port: 7000 },
        { host: "10.0.0.2", port: 7001 },
        { host: "redis-2", port: 7002 },
      ],
      username: "app",
      password: "s@cret",
      tls: true,
    });
  });

  it.each([
    [{}, /REDIS_URL: required: the Redis connection string \(or REDIS_CLUSTER_NODES/],
    [
      { REDIS_CLUSTER_NODES: "h:7000", QUEUE_PREFIX: "herald" },
      /QUEUE_PREFIX: with REDIS_CLUSTER_NODES it must be a hash tag such as \{herald\}/,
    ],
    [{ REDIS_CLUSTER_NODES: "h:7000" }, /QUEUE_PREFIX: with REDIS_CLUSTER_NODES it must be a hash tag/],
    [
      { REDIS_CLUSTER_NODES: "h:7000,no-port", QUEUE_PREFIX: "{herald}" },
      /REDIS_CLUSTER_NODES: expected comma-separated host:port/,
    ],
    [{ REDIS_URL: "redis://h", QUEUE_PREFIX: "{herald" }, /QUEUE_PREFIX: expected 1-32 letters/],
  ])("refuse %o", (env, message) => {
    expect(() => parseConfig(schema, env)).toThrow(message);
  });

  it("keep a password out of the error message", () => {
    expect(() =>
      parseConfig(schema, { REDIS_CLUSTER_NODES: "redis://:hunter2@h:7000", QUEUE_PREFIX: "plain" }),
    ).toThrow(/^(?!.*hunter2)/s);
  });
});
