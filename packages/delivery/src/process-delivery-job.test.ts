import { describe, expect, it } from "vitest";
import { sleepMs } from "./process-delivery-job.js";

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
