import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ConfigError, env, parseConfig } from "./config.js";

const schema = z.object({
  PORT: env.port(3000),
  DATABASE_URL: env.url(["postgres:", "postgresql:"], "the Postgres connection string"),
  ALLOW_HTTP_URLS: env.boolean(false),
  EVENT_TYPES: env.list(["a.b"]),
});

describe("parseConfig", () => {
  it("applies defaults and converts types", () => {
    const config = parseConfig(schema, { DATABASE_URL: "postgres://localhost/x" });
    expect(config).toEqual({
      PORT: 3000,
      DATABASE_URL: "postgres://localhost/x",
      ALLOW_HTTP_URLS: false,
      EVENT_TYPES: ["a.b"],
    });
  });

  it("names each bad variable in one message", () => {
    const parse = () => parseConfig(schema, { PORT: "abc", DATABASE_URL: "nope", ALLOW_HTTP_URLS: "maybe" });
    expect(parse).toThrow(ConfigError);
    expect(parse).toThrow(/PORT: expected an integer, got "abc"/);
    expect(parse).toThrow(/DATABASE_URL: expected a postgres:\/\/ or postgresql:\/\/ URL/);
    expect(parse).toThrow(/ALLOW_HTTP_URLS: expected true or false/);
  });

  it("rejects out-of-range ports and reports a missing required URL", () => {
    expect(() => parseConfig(schema, { PORT: "70000", DATABASE_URL: "postgres://h/d" })).toThrow(
      /PORT: expected an integer from 0 to 65535, got 70000/,
    );
    expect(() => parseConfig(schema, {})).toThrow(/DATABASE_URL: required/);
  });

  it("splits lists and drops blanks", () => {
    const config = parseConfig(schema, { DATABASE_URL: "postgres://h/d", EVENT_TYPES: " x.y , ,z.w " });
    expect(config.EVENT_TYPES).toEqual(["x.y", "z.w"]);
  });
});
