// Scenario 6, soak (full mode): scenario 2's load (70 % of capacity) for ten minutes or more.
// Worker and API resident memory and V8 heap (from their /metrics) and Redis used memory are
// sampled every 15 s; they should end where they started (within 10 %). The V8 heap saws up
// to three times its floor between collections and RSS follows, so two single readings say
// little: "start" and "end" are the lowest reading (the floor after garbage collection) of the
// first and of the last quarter of the run. A leak raises the floor.
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
  apiHeapMb: number;
  workerHeapMb: number;
  redisUsedMb: number;
  delivered: number;
}

type MemoryField = "apiRssMb" | "workerRssMb" | "apiHeapMb" | "workerHeapMb" | "redisUsedMb";

export interface SoakResult {
  durationS: number;
  steady: SteadyRun;
  samples: SoakSample[];
  // Lowest reading in the first and in the last quarter of the samples.
  start: Record<MemoryField, number>;
  end: Record<MemoryField, number>;
  // End ÷ start of each memory figure; "flat" judges RSS and Redis, as the target says.
  change: Record<MemoryField, number>;
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
      apiHeapMb: mb(await metricSum(ctx.stack.api ? [ctx.stack.api] : [], "nodejs_heap_size_used_bytes")),
      workerHeapMb: mb(await metricSum(ctx.stack.workers, "nodejs_heap_size_used_bytes")),
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
        // A line a minute is enough to watch it.
        if (samples.length % 4 !== 1) continue;
        say(
          `soak ${round(s.atS / 60, 1)} min: ${s.delivered} delivered; RSS api ${s.apiRssMb} MB, ` +
            `worker ${s.workerRssMb} MB; heap api ${s.apiHeapMb} MB, worker ${s.workerHeapMb} MB; Redis used ${s.redisUsedMb} MB`,
        );
      }
      await sample();
    },
  });
  const quarter = Math.max(1, Math.floor(samples.length / 4));
  const fields: MemoryField[] = ["apiRssMb", "workerRssMb", "apiHeapMb", "workerHeapMb", "redisUsedMb"];
  const floors = (part: SoakSample[]) =>
    Object.fromEntries(
      fields.map((field) => [field, Math.min(...part.map((sample) => sample[field]))]),
    ) as Record<MemoryField, number>;
  const start = floors(samples.slice(0, quarter));
  const end = floors(samples.slice(-quarter));
  const change = Object.fromEntries(
    fields.map((field) => [field, round(end[field] / Math.max(0.001, start[field]), 3)]),
  ) as Record<MemoryField, number>;
  const flat = (["apiRssMb", "workerRssMb", "redisUsedMb"] as const).every(
    (field) => change[field] >= 0.9 && change[field] <= 1.1,
  );
  say(
    `scenario 6 (floors, first vs last quarter): RSS api ${start.apiRssMb} → ${end.apiRssMb} MB, worker ` +
      `${start.workerRssMb} → ${end.workerRssMb} MB; heap api ${start.apiHeapMb} → ${end.apiHeapMb} MB, worker ` +
      `${start.workerHeapMb} → ${end.workerHeapMb} MB; Redis ${start.redisUsedMb} → ${end.redisUsedMb} MB ` +
      `(${flat ? "flat" : "NOT flat"} within 10 %)`,
  );
  const ledger = await settleLedger(
    ctx.stack,
    ctx.receiver,
    account,
    steady.deliveries,
    ctx.settings.drainTimeoutMs,
  );
  await ctx.receiver.forget(ns);
  return { durationS: durationMs / 1000, steady, samples, start, end, change, flat, ledger };
}
