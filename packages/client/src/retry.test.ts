import { describe, expect, it } from "vitest";
import { HeraldConnectionError, HeraldError } from "./errors.js";
import { isRetryable, withRetries } from "./retry.js";

const answer = (status: number, code = "X") =>
  new HeraldError(status, code as HeraldError["code"], code, undefined, undefined, undefined);

describe("isRetryable", () => {
  it.each([
    [answer(429, "RATE_LIMITED"), true],
    [answer(500, "INTERNAL_ERROR"), true],
    [answer(503, "SERVICE_UNAVAILABLE"), true],
    [new HeraldConnectionError("reset"), true],
    [answer(409, "CONFLICT"), false],
    [answer(422, "VALIDATION_ERROR"), false],
    [answer(401, "UNAUTHORIZED"), false],
    [new TypeError("a bug"), false],
  ])("%s → %s", (error, retryable) => {
    expect(isRetryable(error)).toBe(retryable);
  });
});

describe("withRetries", () => {
  it("stops waiting when the call's signal aborts", async () => {
    const controller = new AbortController();
    let tries = 0;
    const attempt = async () => {
      tries++;
      // Aborted while the retry waits its (minute-long) backoff.
      setImmediate(() => controller.abort());
      throw answer(503);
    };
    const outcome = withRetries(attempt, { baseDelayMs: 60_000, maxDelayMs: 60_000 }, controller.signal);
    await expect(outcome).rejects.toMatchObject({ name: "AbortError" });
    expect(tries).toBe(1);
  });
});
