// End-to-end capacity: the highest event rate the whole stack sustains, found with open-loop
// steps rising by 20 % from below an estimate. A step is sustained when the API accepted what
// it was offered, deliveries kept pace with it, and when the step ended no more than a
// quarter second's worth of deliveries was still outstanding (a growing backlog means the
// rate cannot be kept up). Offering far more than capacity measures something else (how the
// stack degrades under overload), so the first unsustained step ends the search. When the very
// first step is not sustained, the search steps down instead, each step the last one's rate
// divided by 1.2, until one is (at most three times), so "70 % of capacity" is never taken
// from an overloaded step.
import { round, say } from "../log.js";
import { uniqueDelivered } from "../receiver.js";
import {
  describeLoad,
  receiptRateDuring,
  type ScenarioAccount,
  type ScenarioContext,
  sendEvents,
  waitForReceipts,
} from "./common.js";

export interface CapacityStep {
  offered: number;
  accepted: number;
  delivered: number;
  backlogAtEnd: number;
  sustained: boolean;
}

export interface CapacityResult {
  // Deliveries per second.
  capacity: number;
  // false when no step was sustained: capacity is then the first step's delivery rate.
  found: boolean;
  steps: CapacityStep[];
  published: number;
}

export async function findCapacity(
  ctx: ScenarioContext,
  account: ScenarioAccount,
  ns: string,
  estimate: number,
  label: string,
): Promise<CapacityResult> {
  const steps: CapacityStep[] = [];
  let published = 0;
  const stepMs = ctx.settings.capacityStepMs;
  for (let rate: number | undefined = round(0.75 * estimate); rate !== undefined; rate = nextRate(steps)) {
    const before = uniqueDelivered(await ctx.receiver.snapshot(ns));
    const [load, delivered] = await Promise.all([
      sendEvents(ctx, account, rate, stepMs),
      receiptRateDuring(ctx, ns, stepMs / 3, stepMs),
    ]);
    published += load.deliveries;
    const backlog = load.deliveries - (uniqueDelivered(await ctx.receiver.snapshot(ns)) - before);
    const sustained =
      load.achievedRate >= 0.95 * rate &&
      load.shed === 0 &&
      delivered >= 0.95 * load.achievedRate &&
      backlog <= Math.max(25, 0.25 * rate);
    const step = {
      offered: rate,
      accepted: load.achievedRate,
      delivered: round(delivered),
      backlogAtEnd: backlog,
      sustained,
    };
    steps.push(step);
    say(
      `${label}: ${rate}/s → ${describeLoad(load)}; delivered ${step.delivered}/s, ${backlog} outstanding at the end` +
        `${sustained ? "" : " → not sustained"}`,
    );
    await waitForReceipts(ctx, ns, published);
  }
  const sustained = steps.filter((step) => step.sustained);
  const capacity =
    sustained.length > 0 ? Math.max(...sustained.map((s) => s.delivered)) : steps[0]!.delivered;
  return { capacity, found: sustained.length > 0, steps, published };
}

// The next step's rate, or undefined when the search is over: × 1.2 while steps are sustained
// (8 steps at most), ÷ 1.2 while none has been yet (3 times at most), and no further once a
// step up fails or a step down succeeds.
export function nextRate(steps: readonly Pick<CapacityStep, "offered" | "sustained">[]): number | undefined {
  const last = steps.at(-1);
  if (!last || steps.length >= 8) return undefined;
  const first = steps[0]!;
  if (first.sustained) return last.sustained ? round(last.offered * 1.2) : undefined;
  if (last.sustained || steps.length > 3) return undefined;
  return round(last.offered / 1.2);
}
