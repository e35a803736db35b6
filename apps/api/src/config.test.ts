import { parseConfig } from "@herald/runtime";
import { describe, expect, it } from "vitest";
import { apiConfigSchema } from "./config.js";

const minimal = {
  DATABASE_URL: "postgres://h/db",
  REDIS_URL: "redis://h:6379",
  SECRET_ENCRYPTION_KEY: Buffer.alloc(32).toString("base64"),
};

describe("api config", () => {
  it("fills the documented defaults", () => {
    const config = parseConfig(apiConfigSchema, minimal);
    expect(config).toMatchObject({
      PORT: 3000,
      NODE_ENV: "production",
      QUEUE_PREFIX: "herald",
      DELIVERY_TIMEOUT_MS: 15_000,
      RETRY_MAX_ATTEMPTS: 8,
      MAX_PAYLOAD_BYTES: 262_144,
      ALLOW_HTTP_URLS: false,
      ALLOWED_PRIVATE_NETWORKS: [],
      RATE_LIMIT_PER_MINUTE: 6000,
      AUTH_FAILURES_PER_MINUTE: 60,
      MAX_JSON_DEPTH: 32,
      API_METRICS_PORT: 3003,
    });
    expect(config.TRUST_PROXY).toBeUndefined();
    expect(config.EVENT_TYPES).toContain("product.scored");
  });

  it("reads TRUST_PROXY as a hop count when it is a number, as Express's list otherwise", () => {
    expect(parseConfig(apiConfigSchema, { ...minimal, TRUST_PROXY: "1" }).TRUST_PROXY).toBe(1);
    expect(
      parseConfig(apiConfigSchema, { ...minimal, TRUST_PROXY: "loopback, 10.0.0.0/8" }).TRUST_PROXY,
    ).toBe("loopback, 10.0.0.0/8");
  });

  it.each(["true", "", "10.0.0.0/33", "loopback, nope"])(
    "refuses TRUST_PROXY=%j at start, naming it (Express would throw a bare error later)",
    (value) => {
      expect(() => parseConfig(apiConfigSchema, { ...minimal, TRUST_PROXY: value })).toThrow(
        /TRUST_PROXY: expected a hop count/,
      );
    },
  );

  it("requires SECRET_ENCRYPTION_KEY outside development and checks its shape", () => {
    const { SECRET_ENCRYPTION_KEY: _, ...withoutKey } = minimal;
    expect(() => parseConfig(apiConfigSchema, withoutKey)).toThrow(
      /SECRET_ENCRYPTION_KEY: required outside development/,
    );
    expect(
      parseConfig(apiConfigSchema, { ...withoutKey, NODE_ENV: "development" }).SECRET_ENCRYPTION_KEY,
    ).toBeUndefined();
    expect(() => parseConfig(apiConfigSchema, { ...minimal, SECRET_ENCRYPTION_KEY: "c2hvcnQ=" })).toThrow(
      /SECRET_ENCRYPTION_KEY: expected base64 of 32 bytes/,
    );
  });

  it("names every bad variable without echoing secrets", () => {
    const bad = {
      ...minimal,
      PORT: "abc",
      DATABASE_URL: "nope",
      SECRET_ENCRYPTION_KEY: "hunter2-hunter2",
      EVENT_TYPES: "ok.type,bad type",
    };
    let message = "";
    try {
      parseConfig(apiConfigSchema, bad);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/PORT: expected an integer, got "abc"/);
    expect(message).toMatch(/DATABASE_URL: expected a postgres:\/\/ or postgresql:\/\/ URL/);
    expect(message).toMatch(/EVENT_TYPES: expected comma-separated event type names/);
    expect(message).not.toContain("hunter2");
    expect(message).not.toContain("nope");
  });
});
