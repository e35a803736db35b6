// The bench's end-to-end capacity search: which rate it offers next, from the steps so far.
import { describe, expect, it } from "vitest";
import { nextRate } from "../../bench/scenarios/capacity.js";

const step = (offered: number, sustained: boolean) => ({ offered, sustained });

describe("nextRate", () => {
  it("goes up by 20 % while steps are sustained and stops at the first that is not", () => {
    expect(nextRate([step(500, true)])).toBe(600);
    expect(nextRate([step(500, true), step(600, true)])).toBe(720);
    expect(nextRate([step(500, true), step(600, false)])).toBeUndefined();
    expect(nextRate(Array.from({ length: 8 }, (_, i) => step(100 + i, true)))).toBeUndefined();
  });

  it("steps down from an unsustained first step until one holds, three times at most", () => {
    expect(nextRate([step(600, false)])).toBe(500);
    expect(nextRate([step(600, false), step(500, false)])).toBe(417);
    expect(nextRate([step(600, false), step(500, true)])).toBeUndefined();
    expect(
      nextRate([step(600, false), step(500, false), step(417, false), step(348, false)]),
    ).toBeUndefined();
  });
});
