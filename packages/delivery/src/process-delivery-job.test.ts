import { describe, expect, it } from "vitest";
import type { DeliveryReport } from "./attempt-delivery.js";
import type { AttemptOutcome } from "./delivery-http.js";
import { sleepMs, verdictOf } from "./process-delivery-job.js";

describe("sleepMs (a job refused by a full cap, if no wake-up comes)", () => {
  const middle = () => 0.5;
  it.each([
    // position among the cap's waiters, cap limit, ENDPOINT_DEFER_MS → sleep
    [0, 10, 1000, 2000],
    [9, 10, 1000, 2000],
    [10, 10, 1000, 4000],
    [25, 10, 1000, 6000],
    [5000, 10, 1000, 120_000],
    [0, 1, 100, 200],
  ])("position %i under a limit of %i with %i ms → %i ms", (position, limit, deferMs, expected) => {
    expect(sleepMs(position, limit, deferMs, middle)).toBe(expected);
  });

  it("jitters by ±25 %", () => {
    expect(sleepMs(0, 10, 1000, () => 0)).toBe(1500);
    expect(sleepMs(0, 10, 1000, () => 1)).toBe(2500);
  });
});

describe("verdictOf (what an attempt tells the breaker)", () => {
  const attempted = (
    outcome: AttemptOutcome,
    statusCode: number | null,
    retryAfterMs: number | null = null,
    retryInMs: number | null = null,
  ) =>
    ({
      kind: "attempted",
      result: { outcome, statusCode, retryAfterMs, durationMs: 1, responseSnippet: null, error: null },
      retryInMs,
    }) as DeliveryReport;

  it.each([
    ["success", attempted("success", 200), { kind: "ok" }],
    ["a 404: the destination is up", attempted("http_error", 404), { kind: "ok" }],
    ["a 500", attempted("http_error", 500), { kind: "fail", retryAfterMs: null }],
    ["a 429", attempted("http_error", 429), { kind: "fail", retryAfterMs: null }],
    ["a timeout", attempted("timeout", null), { kind: "fail", retryAfterMs: null }],
    ["a blocked address: no request made", attempted("blocked", null), { kind: "none" }],
    ["no attempt", { kind: "deferred" } as DeliveryReport, { kind: "none" }],
    [
      "a 503 with Retry-After: as long as the retry",
      attempted("http_error", 503, 3_600_000, 400),
      { kind: "fail", retryAfterMs: 400 },
    ],
    [
      "a final 503 with Retry-After: at most the longest delay",
      attempted("http_error", 503, 3_600_000),
      { kind: "fail", retryAfterMs: 1_000 },
    ],
  ])("%s", (_name, report, expected) => {
    expect(verdictOf(report, 1_000)).toEqual(expected);
  });
});
