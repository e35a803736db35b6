// Scenario 4, noisy neighbour: as scenario 2, but 10 of the 100 webhooks hang until the
// delivery timeout. What the other 90 get (deliveries/s, p99) is compared with scenario 2,
// and no hanging endpoint may ever have more than ENDPOINT_MAX_IN_FLIGHT requests open at the
// receiver. Then the hanging endpoints recover and everything drains, for the ledger.
import { type Ledger, settleLedger } from "../ledger.js";
import { round, say } from "../log.js";
import type { ScenarioContext } from "./common.js";
import { setUpAccount } from "./common.js";
import { type SteadyRun, steadyRun } from "./steady-run.js";
import { metricSum } from "./worker-metrics.js";

export interface NoisyResult {
  hangingWebhooks: number;
  steady: SteadyRun;
  // Healthy deliveries/s ÷ (scenario 2's deliveries/s × the healthy share of traffic).
  healthyVsScenario2: number;
  maxInFlightPerSlowEndpoint: number;
  cap: number;
  deferrals: number;
  timeouts: number;
  ledger: Ledger;
}

export async function noisyNeighbourScenario(
  ctx: ScenarioContext,
  scenario2: SteadyRun,
): Promise<NoisyResult> {
  const ns = "s4-noisy";
  const account = await setUpAccount(ctx, ns, 100, (i) => (i % 10 === 0 ? "hang" : "ok"));
  const workers = ctx.stack.workers;
  const deferralsBefore = await metricSum(workers, "herald_endpoint_deferrals_total");
  const timeoutsBefore = await metricSum(workers, "herald_delivery_attempts_total", 'outcome="timeout"');
  const timeoutMs = ctx.stack.heraldEnv.DELIVERY_TIMEOUT_MS;
  say(`scenario 4 (noisy neighbour): 10 of 100 webhooks hang until the ${timeoutMs} ms delivery timeout`);
  // Long enough for hanging requests to pile up and time out at least once.
  const durationMs = Math.max(ctx.settings.steadyMs, 2 * Number(timeoutMs));
  const steady = await steadyRun(ctx, account, ns, {
    rate: scenario2.offered,
    label: "scenario 4",
    okShare: 0.9,
    durationMs,
  });
  const snapshot = await ctx.receiver.snapshot(ns);
  const maxInFlight = Math.max(
    0,
    ...Object.entries(snapshot.maxInFlightByPath)
      .filter(([path]) => path.includes("/hang/"))
      .map(([, n]) => n),
  );
  const deferrals = (await metricSum(workers, "herald_endpoint_deferrals_total")) - deferralsBefore;
  const timeouts =
    (await metricSum(workers, "herald_delivery_attempts_total", 'outcome="timeout"')) - timeoutsBefore;
  const cap = Number(ctx.stack.heraldEnv.ENDPOINT_MAX_IN_FLIGHT ?? 10);
  const healthyVsScenario2 = round(steady.delivered / Math.max(1, scenario2.delivered * 0.9), 2);
  say(
    `scenario 4: healthy ${steady.delivered}/s = ${healthyVsScenario2} × scenario 2 (per healthy share), p99 ` +
      `${steady.latency.p99Ms} ms vs ${scenario2.latency.p99Ms} ms; max in flight per hanging endpoint ` +
      `${maxInFlight} (cap ${cap}); ${deferrals} deferrals, ${timeouts} timeouts`,
  );
  say("scenario 4: hanging endpoints recover; draining…");
  await ctx.receiver.recover(ns);
  const ledger = await settleLedger(
    ctx.stack,
    ctx.receiver,
    account,
    steady.deliveries,
    ctx.settings.drainTimeoutMs,
  );
  return {
    hangingWebhooks: 10,
    steady,
    healthyVsScenario2,
    maxInFlightPerSlowEndpoint: maxInFlight,
    cap,
    deferrals,
    timeouts,
    ledger,
  };
}
