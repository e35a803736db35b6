// Finds where throughput stops rising: open-loop steps at rising arrival rates until the
// server accepts clearly less than it is offered (or latency runs away). The knee is the
// highest rate accepted in any step; past it, an open-loop step measures capacity itself.

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
  options: { startRate: number; factor: number; maxSteps?: number; warmUp?: () => Promise<unknown> },
): Promise<KneeResult> {
  // A cold process (JIT, connection pools) would make the first step look saturated.
  await options.warmUp?.();
  const steps: KneeStep[] = [];
  let rate = options.startRate;
  let saturated = false;
  for (let i = 0; i < (options.maxSteps ?? 12); i++) {
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
    if (entry.achieved < 0.9 * rate || entry.p99Ms > 2000) {
      saturated = true;
      break;
    }
    rate *= options.factor;
    // Let queues and connections settle between steps.
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  return { knee: Math.max(...steps.map((s) => s.achieved)), saturated, steps };
}
