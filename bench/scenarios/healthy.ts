// Scenario 2, healthy end-to-end: 100 webhooks answering 200 at once, events spread over them
// (fan-out 1), API and worker(s) running together as in production. First the sustainable rate
// (capacity, deliveries/s) is searched for; then a run at 70 % of it measures ingest→receipt
// latency (receipt time − the event's scheduled send time) and, with counters reset just
// before it, CPU per process, statements and Redis commands per delivery.
import { type Ledger, settleLedger } from "../ledger.js";
import { nowMs, round, say } from "../log.js";
import { type CounterMark, type Counters, readCounters, resetCounters } from "../profile/counters.js";
import { type CpuShare, type CpuSnapshot, cpuBetween, cpuSnapshot } from "../profile/process-cpu.js";
import { LOAD_FRACTION } from "../settings.js";
import { type CapacityResult, findCapacity } from "./capacity.js";
import { processGroups, type ScenarioContext, setUpAccount } from "./common.js";
import { drainDatabase, type SteadyRun, steadyRun } from "./steady-run.js";

export interface HealthyResult {
  capacity: CapacityResult;
  steady: SteadyRun;
  counters: Counters;
  // CPU per process from the start of the steady run until its last delivery was recorded.
  cpu: CpuShare[];
  ledger: Ledger;
}

// `estimate`: events/s the stack may sustain (from scenario 1's knee and drain rate).
export async function healthyScenario(ctx: ScenarioContext, estimate: number): Promise<HealthyResult> {
  const ns = "s2-healthy";
  const account = await setUpAccount(ctx, ns, 100);
  say(
    `scenario 2 (healthy, 100 webhooks): searching for the sustainable rate from ${round(0.75 * estimate)}/s…`,
  );
  const capacity = await findCapacity(ctx, account, ns, estimate, "scenario 2");
  let published = capacity.published;
  await drainDatabase(ctx, account);

  const rate = round(LOAD_FRACTION * capacity.capacity);
  let cpuBefore: CpuSnapshot = new Map();
  let mark: CounterMark = { redisCpuMs: 0 };
  let cpuFrom = 0;
  const steady = await steadyRun(ctx, account, ns, {
    rate,
    label: "scenario 2",
    beforeStart: async () => {
      mark = await resetCounters(ctx.stack);
      cpuBefore = cpuSnapshot(processGroups(ctx));
      cpuFrom = nowMs();
    },
  });
  published += steady.deliveries;
  await drainDatabase(ctx, account);
  const cpu = cpuBetween(
    cpuBefore,
    cpuSnapshot(processGroups(ctx)),
    (nowMs() - cpuFrom) / 1000,
    steady.deliveries,
  );
  say(
    `scenario 2: CPU ${cpu.map((c) => `${c.process} ${c.corePercent}% (${c.cpuMsPerDelivery} ms/delivery)`).join(", ")}`,
  );
  const counters = await readCounters(ctx.stack, mark, steady.deliveries, steady.deliveries);
  say(
    `scenario 2: ${counters.postgres.perDelivery} Postgres statements and ${counters.redis.perDelivery} Redis commands ` +
      `(${counters.redis.scriptCallsPerDelivery} script calls) per delivery`,
  );
  const ledger = await settleLedger(ctx.stack, ctx.receiver, account, published, ctx.settings.drainTimeoutMs);
  return { capacity, steady, counters, cpu, ledger };
}
