// Scenario 6, soak (full mode): scenario 2's load (70 % of capacity) for ten minutes or more.
// Worker and API resident memory (from their /metrics) and Redis used memory are sampled
// throughout; they should end where they started (within 10 %).
import { type Ledger, settleLedger } from "../ledger.js";
import { nowMs, round, say, sleep } from "../log.js";
import { withRedis } from "../profile/counters.js";
import { classOf } from "../receiver.js";
import { type ScenarioContext, setUpAccount } from "./common.js";
import { type SteadyRun, steadyRun } from "./steady-run.js";
import { metricSum } from "./worker-metrics.js";

export interface SoakSample {
  atS: number;
  apiRssMb: number;
  workerRssMb: number;
  redisUsedMb: number;
  delivered: number;
}

export interface SoakResult {
  durationS: number;
  steady: SteadyRun;
  samples: SoakSample[];
  // End ÷ start of each memory figure.
  change: { apiRss: number; workerRss: number; redisUsed: number };
  flat: boolean;
  ledger: Ledger;
}

const mb = (bytes: number) => round(bytes / 2 ** 20, 1);

export async function soakScenario(ctx: ScenarioContext, scenario2: SteadyRun): Promise<SoakResult> {
  const ns = "s6-soak";
  const account = await setUpAccount(ctx, ns, 100);
  const samples: SoakSample[] = [];
  const startedAt = nowMs();
  const sample = async () => {
    const entry: SoakSample = {
      atS: round((nowMs() - startedAt) / 1000),
      apiRssMb: mb(await metricSum(ctx.stack.api ? [ctx.stack.api] : [], "process_resident_memory_bytes")),
      workerRssMb: mb(await metricSum(ctx.stack.workers, "process_resident_memory_bytes")),
      redisUsedMb: mb(
        Number(
          /used_memory:(\d+)/.exec(
            await withRedis(ctx.stack.redisUrl, (redis) => redis.info("memory")),
          )?.[1] ?? 0,
        ),
      ),
      delivered: classOf(await ctx.receiver.snapshot(ns), "ok").unique,
    };
    samples.push(entry);
    return entry;
  };
  const durationMs = ctx.settings.soakMs;
  const steady = await steadyRun(ctx, account, ns, {
    rate: scenario2.offered,
    label: `scenario 6 (soak, ${durationMs / 60_000} min)`,
    durationMs,
    during: async (signal) => {
      await sample();
      let next = nowMs() + ctx.settings.soakSampleMs;
      while (!signal.done) {
        await sleep(250);
        if (nowMs() < next || signal.done) continue;
        next += ctx.settings.soakSampleMs;
        const s = await sample();
        say(
          `soak ${round(s.atS / 60, 1)} min: ${s.delivered} delivered; RSS api ${s.apiRssMb} MB, ` +
            `worker ${s.workerRssMb} MB; Redis used ${s.redisUsedMb} MB`,
        );
      }
      await sample();
    },
  });
  const first = samples[0]!;
  const last = samples.at(-1)!;
  const ratio = (a: number, b: number) => round(b / Math.max(0.001, a), 3);
  const change = {
    apiRss: ratio(first.apiRssMb, last.apiRssMb),
    workerRss: ratio(first.workerRssMb, last.workerRssMb),
    redisUsed: ratio(first.redisUsedMb, last.redisUsedMb),
  };
  const flat = Object.values(change).every((value) => value >= 0.9 && value <= 1.1);
  say(
    `scenario 6: RSS api ${first.apiRssMb} → ${last.apiRssMb} MB, worker ${first.workerRssMb} → ${last.workerRssMb} MB, ` +
      `Redis ${first.redisUsedMb} → ${last.redisUsedMb} MB (${flat ? "flat" : "NOT flat"} within 10 %)`,
  );
  const ledger = await settleLedger(
    ctx.stack,
    ctx.receiver,
    account,
    steady.deliveries,
    ctx.settings.drainTimeoutMs,
  );
  await ctx.receiver.forget(ns);
  return { durationS: durationMs / 1000, steady, samples, change, flat, ledger };
}
