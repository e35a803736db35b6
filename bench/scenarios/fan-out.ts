// Scenario 3, fan-out: every event goes to the same 100 webhooks (one statement inserts the
// event and its 100 deliveries, one addBulk enqueues them). Capacity is measured with a burst
// of events (deliveries/s from the first receipt to the last), then latency at 70 % of
// scenario 2's capacity, in deliveries/s.
import { type Ledger, settleLedger } from "../ledger.js";
import type { LatencySummary } from "../load-generator.js";
import { round, say } from "../log.js";
import { FANOUT_TYPE } from "../payload.js";
import { classOf } from "../receiver.js";
import { LOAD_FRACTION } from "../settings.js";
import { describeLoad, type ScenarioContext, sendEvents, setUpAccount, waitForReceipts } from "./common.js";
import { drainDatabase, type SteadyRun, steadyRun } from "./steady-run.js";

const FANOUT = 100;

export interface FanOutResult {
  fanOut: number;
  burst: { events: number; deliveries: number; seconds: number; rate: number; apiLatency: LatencySummary };
  steady: SteadyRun;
  ledger: Ledger;
}

export async function fanOutScenario(
  ctx: ScenarioContext,
  healthyCapacity: number,
  drainRate: number,
): Promise<FanOutResult> {
  const ns = "s3-fanout";
  const account = await setUpAccount(ctx, ns, FANOUT, undefined, () => [FANOUT_TYPE]);
  const typeOf = () => FANOUT_TYPE;

  // About capacityStepMs worth of deliveries at the worker's drain rate, sent within a second.
  const events = Math.max(5, Math.round((drainRate * ctx.settings.capacityStepMs) / 1000 / FANOUT));
  say(`scenario 3 (fan-out 1 → ${FANOUT}): a burst of ${events} events…`);
  const burst = await sendEvents(ctx, account, events, 1000, typeOf);
  await waitForReceipts(ctx, ns, burst.deliveries);
  const ok = classOf(await ctx.receiver.snapshot(ns), "ok");
  const seconds = Math.max(0.001, (ok.lastAt - ok.firstAt) / 1000);
  const rate = round(ok.unique / seconds);
  say(
    `scenario 3 burst: ${describeLoad(burst)}; ${ok.unique} deliveries in ${round(seconds, 2)} s = ${rate}/s`,
  );
  await drainDatabase(ctx, account);

  const steadyRate = round((LOAD_FRACTION * healthyCapacity) / FANOUT, 2);
  const steady = await steadyRun(ctx, account, ns, { rate: steadyRate, label: "scenario 3", typeOf });
  const ledger = await settleLedger(
    ctx.stack,
    ctx.receiver,
    account,
    burst.deliveries + steady.deliveries,
    ctx.settings.drainTimeoutMs,
  );
  return {
    fanOut: FANOUT,
    burst: { events, deliveries: ok.unique, seconds: round(seconds, 2), rate, apiLatency: burst.latency },
    steady,
    ledger,
  };
}
