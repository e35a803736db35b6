// Finds where throughput stops rising: open-loop steps at rising arrival rates until the
// server accepts clearly less than it is offered (or latency runs away), then `refine` steps
// halving (geometrically) the gap between the last rate it kept up with and the first it did
// not, so the knee is found within a few per cent rather than within one factor. The knee is
// the highest rate accepted in any step; past it, an open-loop step measures capacity itself
// (unless the server collapses under the overload, which the refining steps then get past).

import type { OpenLoopResult } from "./load-generator.js";
import { say } from "./log.js";

export interface KneeStep {
  offered: number;
  achieved: number;
  p50Ms: number;
  p99Ms: number;
  shed: number;
  errors: number;
  generatorCpuPercent: number;
}

export interface KneeResult {
  knee: number;
  saturated: boolean;
  steps: KneeStep[];
}

export async function findKnee(
  label: string,
  step: (rate: number) => Promise<OpenLoopResult>,
  options: {
    startRate: number;
    factor: number;
    maxSteps?: number;
    refine?: number;
    // Pause after a step the server kept up with, and after one it did not.
    settleMs?: { kept: number; overloaded: number };
    warmUp?: () => Promise<unknown>;
  },
): Promise<KneeResult> {
  // A cold process (JIT, connection pools) would make the first step look saturated.
  await options.warmUp?.();
  const steps: KneeStep[] = [];
  const settle = options.settleMs ?? { kept: 300, overloaded: 2000 };
  // Whether the server kept up with `rate`.
  const keptUp = async (rate: number) => {
    const result = await step(rate);
    const entry: KneeStep = {
      offered: Math.round(rate),
      achieved: result.achievedRate,
      p50Ms: result.latency.p50Ms,
      p99Ms: result.latency.p99Ms,
      shed: result.shed,
      errors: result.errors,
      generatorCpuPercent: result.generatorCpuPercent,
    };
    steps.push(entry);
    say(
      `${label}: offered ${entry.offered}/s → accepted ${entry.achieved}/s, p50 ${entry.p50Ms} ms, ` +
        `p99 ${entry.p99Ms} ms${entry.shed ? `, shed ${entry.shed}` : ""}${entry.errors ? `, errors ${entry.errors}` : ""}` +
        ` (generator CPU ${entry.generatorCpuPercent}%)`,
    );
    const ok = entry.achieved >= 0.9 * rate && entry.p99Ms <= 2000;
    // Let queues and connections settle between steps.
    await new Promise((resolve) => setTimeout(resolve, ok ? settle.kept : settle.overloaded));
    return ok;
  };
  let good = 0;
  let bad = 0;
  for (let i = 0, rate = options.startRate; i < (options.maxSteps ?? 12); i++, rate *= options.factor) {
    if (!(await keptUp(rate))) {
      bad = rate;
      break;
    }
    good = rate;
  }
  for (let i = 0; bad > 0 && good > 0 && i < (options.refine ?? 2); i++) {
    const rate = Math.sqrt(good * bad);
    if (await keptUp(rate)) good = rate;
    else bad = rate;
  }
  return { knee: Math.max(...steps.map((s) => s.achieved)), saturated: bad > 0, steps };
}
