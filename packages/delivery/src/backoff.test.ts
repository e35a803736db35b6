import { describe, expect, it } from "vitest";
import { parseRetryAfter, retryDelayMs, scheduledDelayMs } from "./backoff.js";

const defaults = { maxAttempts: 8, baseDelayMs: 5_000, maxDelayMs: 36_000_000, factor: 6 };

describe("retryDelayMs", () => {
  it("spreads the default eight attempts over about a day", () => {
    const delays = [1, 2, 3, 4, 5, 6, 7].map((n) => retryDelayMs(n, defaults, null, () => 0.5));
    expect(delays).toEqual([5_000, 30_000, 180_000, 1_080_000, 6_480_000, 36_000_000, 36_000_000]);
    const hours = delays.reduce((a, b) => a + b) / 3_600_000;
    expect(hours).toBeGreaterThan(18);
    expect(hours).toBeLessThan(30);
  });

  it("jitters by ±20% but stays within [base, max]", () => {
    expect(retryDelayMs(2, defaults, null, () => 0)).toBe(24_000);
    expect(retryDelayMs(2, defaults, null, () => 1)).toBe(36_000);
    expect(retryDelayMs(1, defaults, null, () => 0)).toBe(5_000);
    expect(retryDelayMs(9, defaults, null, () => 1)).toBe(36_000_000);
  });

  it("honours Retry-After within the bounds", () => {
    expect(retryDelayMs(1, defaults, 60_000)).toBe(60_000);
    expect(retryDelayMs(1, defaults, 10)).toBe(5_000);
    expect(retryDelayMs(1, defaults, 10 * 86_400_000)).toBe(36_000_000);
  });
});

describe("parseRetryAfter", () => {
  it("reads seconds and HTTP dates", () => {
    expect(parseRetryAfter("120")).toBe(120_000);
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter("Wed, 31 Dec 2025 00:00:00 GMT", now)).toBe(0);
  });

  it("ignores what it cannot read", () => {
    expect(parseRetryAfter(undefined)).toBeNull();
    expect(parseRetryAfter("soon")).toBeNull();
    expect(parseRetryAfter("-5")).toBeNull();
  });
});

describe("scheduledDelayMs", () => {
  it("takes the schedule's entry after each failed attempt, without jitter", () => {
    expect([1, 2, 3].map((n) => scheduledDelayMs([1, 2, 60], n))).toEqual([1_000, 2_000, 60_000]);
  });

  it("waits longer when the receiver's Retry-After asks for it, at most a day", () => {
    expect(scheduledDelayMs([1, 2], 1, 30_000)).toBe(30_000);
    expect(scheduledDelayMs([5], 1, 1_000)).toBe(5_000);
    expect(scheduledDelayMs([5], 1, 10 * 86_400_000)).toBe(86_400_000);
  });
});
