// Scenario 4, noisy neighbour: one account (the tenant) owns 10 webhooks that hang until the
// delivery timeout, on a destination of their own (the receiver's other port); another account
// owns 90 healthy webhooks. The tenant first piles up a backlog far beyond its caps, then both
// send at once, together the traffic of scenario 2 with 10 % of it hanging. What the other account gets (deliveries/s, p99) is compared with scenario 2; no
// hanging endpoint may have more than ENDPOINT_MAX_IN_FLIGHT requests open, nor the tenant's
// destination more than DESTINATION_MAX_IN_FLIGHT; and the waits per tenant delivery show that
// jobs over a cap sleep until a slot frees rather than churning through the queue. Then the
// hanging endpoints recover and everything drains, for the ledgers.
import { combineLedgers, type Ledger, settleLedger } from "../ledger.js";
import type { OpenLoopResult } from "../load-generator.js";
import { round, say } from "../log.js";
import { EVENT_TYPES } from "../payload.js";
import { createAccount, createWebhooks } from "../stack.js";
import type { ScenarioContext } from "./common.js";
import { sendEvents, setUpAccount } from "./common.js";
import { type SteadyRun, steadyRun } from "./steady-run.js";
import { metricSum } from "./worker-metrics.js";

const HANGING = 10;
const HEALTHY = 90;
// The tenant's backlog: events per hanging webhook, sent as fast as the API takes them.
const BACKLOG_PER_WEBHOOK = 100;
const BACKLOG_RATE = 500;

export interface NoisyResult {
  hangingWebhooks: number;
  // The other account's run.
  steady: SteadyRun;
  // Its deliveries/s ÷ (scenario 2's deliveries/s × its share of the traffic).
  healthyVsScenario2: number;
  maxInFlightPerSlowEndpoint: number;
  cap: number;
  // All the tenant's hanging endpoints together (one destination), and that cap.
  maxInFlightAtHangingDestination: number;
  destinationCap: number;
  accountCap: number;
  tenantDeliveries: number;
  deferrals: number;
  // Times a tenant job went to sleep on a full cap, per delivery the tenant published.
  waitsPerTenantDelivery: number;
  timeouts: number;
  // Both accounts' books together.
  ledger: Ledger;
}

export async function noisyNeighbourScenario(
  ctx: ScenarioContext,
  scenario2: SteadyRun,
): Promise<NoisyResult> {
  const ns = "s4-noisy";
  const tenantNs = "s4-noisy-tenant";
  const healthyType = (seq: number) => EVENT_TYPES[seq % HEALTHY]!;
  const hangingType = (seq: number) => EVENT_TYPES[seq % HANGING]!;
  const account = await setUpAccount(ctx, ns, HEALTHY, () => "ok");
  const tenant = await createAccount(ctx.stack, tenantNs);
  await createWebhooks(
    ctx.stack,
    tenant,
    Array.from({ length: HANGING }, (_, i) => ({
      url: `${ctx.receiver.otherUrl}/${tenantNs}/hang/${i}`,
      events: [hangingType(i)],
    })),
  );
  const workers = ctx.stack.workers;
  const deferralsBefore = await metricSum(workers, "herald_endpoint_deferrals_total");
  const timeoutsBefore = await metricSum(workers, "herald_delivery_attempts_total", 'outcome="timeout"');
  const timeoutMs = ctx.stack.heraldEnv.DELIVERY_TIMEOUT_MS;
  say(
    `scenario 4 (noisy neighbour): another account's ${HANGING} webhooks hang until the ${timeoutMs} ms delivery timeout`,
  );
  // Long enough for hanging requests to pile up and time out at least once.
  const durationMs = Math.max(ctx.settings.steadyMs, 2 * Number(timeoutMs));
  const backlogEvents = BACKLOG_PER_WEBHOOK * HANGING;
  const backlog = await sendEvents(
    ctx,
    tenant,
    BACKLOG_RATE,
    (backlogEvents / BACKLOG_RATE) * 1000,
    hangingType,
  );
  say(`scenario 4: the tenant's backlog: ${backlog.deliveries} deliveries waiting on its hanging endpoints`);
  let tenantLoad: OpenLoopResult | undefined;
  const steady = await steadyRun(ctx, account, ns, {
    rate: round(scenario2.offered * (HEALTHY / 100), 1),
    label: "scenario 4",
    durationMs,
    typeOf: healthyType,
    during: async () => {
      tenantLoad = await sendEvents(
        ctx,
        tenant,
        scenario2.offered * (HANGING / 100),
        durationMs,
        hangingType,
      );
    },
  });
  const tenantSnapshot = await ctx.receiver.snapshot(tenantNs);
  const maxInFlight = Math.max(0, ...Object.values(tenantSnapshot.maxInFlightByPath));
  const deferrals = (await metricSum(workers, "herald_endpoint_deferrals_total")) - deferralsBefore;
  const timeouts =
    (await metricSum(workers, "herald_delivery_attempts_total", 'outcome="timeout"')) - timeoutsBefore;
  const env = ctx.stack.heraldEnv;
  const cap = Number(env.ENDPOINT_MAX_IN_FLIGHT ?? 10);
  const destinationCap = Number(env.DESTINATION_MAX_IN_FLIGHT ?? 50);
  const accountCap = Number(env.ACCOUNT_MAX_IN_FLIGHT ?? 100);
  const tenantDeliveries = backlog.deliveries + (tenantLoad?.deliveries ?? 0);
  const healthyVsScenario2 = round(steady.delivered / Math.max(1, scenario2.delivered * (HEALTHY / 100)), 2);
  const waitsPerTenantDelivery = round(deferrals / Math.max(1, tenantDeliveries), 2);
  say(
    `scenario 4: the other account got ${steady.delivered}/s = ${healthyVsScenario2} × scenario 2 (per its share), p99 ` +
      `${steady.latency.p99Ms} ms vs ${scenario2.latency.p99Ms} ms; max in flight per hanging endpoint ` +
      `${maxInFlight} (cap ${cap}), at the tenant's destination ${tenantSnapshot.maxInFlight} ` +
      `(caps: destination ${destinationCap}, account ${accountCap}); ${deferrals} waits for ` +
      `${tenantDeliveries} tenant deliveries (${waitsPerTenantDelivery} each), ${timeouts} timeouts`,
  );
  say("scenario 4: hanging endpoints recover; draining…");
  await ctx.receiver.recover(tenantNs);
  const ledgers = [
    await settleLedger(ctx.stack, ctx.receiver, account, steady.deliveries, ctx.settings.drainTimeoutMs),
    await settleLedger(ctx.stack, ctx.receiver, tenant, tenantDeliveries, ctx.settings.drainTimeoutMs),
  ];
  return {
    hangingWebhooks: HANGING,
    steady,
    healthyVsScenario2,
    maxInFlightPerSlowEndpoint: maxInFlight,
    cap,
    maxInFlightAtHangingDestination: tenantSnapshot.maxInFlight,
    destinationCap,
    accountCap,
    tenantDeliveries,
    deferrals,
    waitsPerTenantDelivery,
    timeouts,
    ledger: combineLedgers(ledgers),
  };
}
