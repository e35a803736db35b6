import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "./database-errors.js";

describe("isDatabaseUnavailable", () => {
  it("recognises Prisma's raw-query error wrapping an unreachable database", () => {
    const error = Object.assign(new Error("Raw query failed"), {
      code: "P2010",
      meta: {
        driverAdapterError: {
          name: "DriverAdapterError",
          cause: { kind: "DatabaseNotReachable", host: "127.0.0.1" },
        },
      },
    });
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it("recognises connection codes, Postgres shutdown codes and socket errors down a cause chain", () => {
    expect(isDatabaseUnavailable({ code: "P1001" })).toBe(true);
    expect(isDatabaseUnavailable({ kind: "postgres", code: "57P01" })).toBe(true);
    expect(isDatabaseUnavailable(new Error("x", { cause: { code: "ECONNREFUSED" } }))).toBe(true);
  });

  it("does not mistake query errors for an outage", () => {
    expect(isDatabaseUnavailable({ code: "P2002" })).toBe(false);
    expect(isDatabaseUnavailable({ kind: "postgres", code: "23505" })).toBe(false);
    expect(isDatabaseUnavailable(new Error("boom"))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
  });
});
