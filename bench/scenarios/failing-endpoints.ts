// Scenario 5, failing endpoints: as scenario 2, but 10 of the 100 webhooks answer 500, so
// their deliveries come back again and again (the bench's compressed backoff: 0.5 s doubling
// to 4 s). Healthy throughput and p99 are compared with scenario 2; the backlog (pending
// deliveries) is sampled every second, healthy and failing apart; then the failing endpoints
// recover and the time to drain what they had pending is measured.
import { type Ledger, settleLedger } from "../ledger.js";
import { nowMs, round, say, sleep } from "../log.js";
import { classOf } from "../receiver.js";
import { type ScenarioAccount, type ScenarioContext, setUpAccount } from "./common.js";
import { type SteadyRun, steadyRun } from "./steady-run.js";

export interface BacklogSample {
  atS: number;
  healthy: number;
  failing: number;
}

export interface FailingResult {
  failingWebhooks: number;
  steady: SteadyRun;
  healthyVsScenario2: number;
  failedAttemptsPerSecond: number;
  backlog: { samples: BacklogSample[]; maxHealthy: number; maxFailing: number; failingAtEnd: number };
  drain: { pendingAtRecovery: number; seconds: number; rate: number };
  ledger: Ledger;
}

async function backlog(ctx: ScenarioContext, account: ScenarioAccount) {
  const { rows } = await ctx.stack.observer.query<{ healthy: number; failing: number }>(
    `SELECT count(*) FILTER (WHERE w.url NOT LIKE '%/fail/%')::int AS healthy,
            count(*) FILTER (WHERE w.url LIKE '%/fail/%')::int AS failing
     FROM deliveries d JOIN webhooks w ON w.id = d.webhook_id
     WHERE w.account_id = $1::uuid AND d.status = 'pending'`,
    [account.accountId],
  );
  return rows[0] ?? { healthy: 0, failing: 0 };
}

export async function failingEndpointsScenario(
  ctx: ScenarioContext,
  scenario2: SteadyRun,
): Promise<FailingResult> {
  const ns = "s5-failing";
  const account = await setUpAccount(ctx, ns, 100, (i) => (i % 10 === 0 ? "fail" : "ok"));
  say("scenario 5 (failing endpoints): 10 of 100 webhooks answer 500 until they recover");
  const samples: BacklogSample[] = [];
  const startedAt = nowMs();
  const failedBefore = classOf(await ctx.receiver.snapshot(ns), "fail").requests;
  const steady = await steadyRun(ctx, account, ns, {
    rate: scenario2.offered,
    label: "scenario 5",
    okShare: 0.9,
    during: async (signal) => {
      while (!signal.done) {
        await sleep(1000);
        samples.push({ atS: round((nowMs() - startedAt) / 1000, 1), ...(await backlog(ctx, account)) });
      }
    },
  });
  const failedAttempts = classOf(await ctx.receiver.snapshot(ns), "fail").requests - failedBefore;
  const failedAttemptsPerSecond = round(failedAttempts / ((nowMs() - startedAt) / 1000));
  const healthyVsScenario2 = round(steady.delivered / Math.max(1, scenario2.delivered * 0.9), 2);
  const atRecovery = await backlog(ctx, account);
  say(
    `scenario 5: healthy ${steady.delivered}/s = ${healthyVsScenario2} × scenario 2 (per healthy share), p99 ` +
      `${steady.latency.p99Ms} ms vs ${scenario2.latency.p99Ms} ms; ${failedAttemptsPerSecond} failed attempts/s; ` +
      `backlog max healthy ${Math.max(0, ...samples.map((s) => s.healthy))}, failing ${atRecovery.failing} at the end`,
  );

  say("scenario 5: failing endpoints recover; measuring the drain…");
  await ctx.receiver.recover(ns);
  const recoveredAt = nowMs();
  const deadline = Date.now() + ctx.settings.drainTimeoutMs;
  let pending = atRecovery.failing + atRecovery.healthy;
  while (pending > 0 && Date.now() < deadline) {
    await sleep(100);
    const now = await backlog(ctx, account);
    pending = now.failing + now.healthy;
  }
  const seconds = (nowMs() - recoveredAt) / 1000;
  const pendingAtRecovery = atRecovery.failing + atRecovery.healthy;
  const drain = { pendingAtRecovery, seconds: round(seconds, 2), rate: round(pendingAtRecovery / seconds) };
  say(
    `scenario 5: ${pendingAtRecovery} pending deliveries drained in ${drain.seconds} s (${drain.rate}/s; ` +
      "bounded below by the retry delays already scheduled, up to 4 s)",
  );
  const ledger = await settleLedger(
    ctx.stack,
    ctx.receiver,
    account,
    steady.deliveries,
    ctx.settings.drainTimeoutMs,
  );
  return {
    failingWebhooks: 10,
    steady,
    healthyVsScenario2,
    failedAttemptsPerSecond,
    backlog: {
      samples,
      maxHealthy: Math.max(0, ...samples.map((s) => s.healthy)),
      maxFailing: Math.max(0, ...samples.map((s) => s.failing)),
      failingAtEnd: atRecovery.failing,
    },
    drain,
    ledger,
  };
}
