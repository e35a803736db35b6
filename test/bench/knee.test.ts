// The bench's knee search: rising steps by `factor` until the server falls behind, then steps
// between the last rate it kept up with and the first it did not. The "server" is a formula:
// what it accepts at a given arrival rate, collapsing past its capacity as the batch API did.
import { describe, expect, it } from "vitest";
import { findKnee } from "../../bench/knee.js";
import type { OpenLoopResult } from "../../bench/load-generator.js";

const CAPACITY = 70;
const NO_PAUSE = { kept: 0, overloaded: 0 };

function answer(rate: number): OpenLoopResult {
  const achievedRate = rate <= CAPACITY ? rate : CAPACITY / 2;
  return {
    offeredRate: rate,
    durationMs: 1000,
    startedAt: 0,
    scheduled: rate,
    sent: rate,
    shed: 0,
    accepted: achievedRate,
    errors: 0,
    statuses: { "202": achievedRate },
    achievedRate,
    deliveries: achievedRate,
    latency: { p50Ms: 5, p90Ms: 8, p99Ms: rate <= CAPACITY ? 10 : 1500, maxMs: 20 },
    generatorCpuPercent: 1,
  };
}

describe("findKnee", () => {
  it("refines between the last step kept up with and the first one missed", async () => {
    const offered: number[] = [];
    const step = async (rate: number) => {
      offered.push(Math.round(rate));
      return answer(rate);
    };
    const coarse = await findKnee("coarse", step, {
      startRate: 5,
      factor: 1.5,
      refine: 0,
      settleMs: NO_PAUSE,
    });
    // 5 × 1.5^6 ≈ 57 is kept up with, 85 is not: one factor short of the capacity.
    expect(coarse.knee).toBeCloseTo(57, 0);
    expect(coarse.saturated).toBe(true);

    offered.length = 0;
    const refined = await findKnee("refined", step, {
      startRate: 5,
      factor: 1.5,
      refine: 3,
      settleMs: NO_PAUSE,
    });
    expect(offered.slice(-3)).toEqual([70, 77, 73]);
    expect(refined.knee).toBeLessThanOrEqual(CAPACITY);
    expect(refined.knee).toBeGreaterThan(0.95 * CAPACITY);
  });
});
