// Scenario 1, ingest: POST /v1/events at fan-out 1 (100 webhooks, each on its own event type,
// events spread over them) with no worker running, so the API alone uses the machine as B_api
// did. Open-loop steps find the knee; then a run at 70 % of it gives p50/p99. Afterwards the
// worker(s) start and drain the backlog, which measures delivery throughput with no ingest
// competing for the CPU.
import { findKnee, type KneeResult } from "../knee.js";
import { type Ledger, settleLedger } from "../ledger.js";
import type { LatencySummary } from "../load-generator.js";
import { nowMs, round, say } from "../log.js";
import { type CpuShare, cpuBetween, cpuSnapshot } from "../profile/process-cpu.js";
import { classOf } from "../receiver.js";
import { LOAD_FRACTION } from "../settings.js";
import {
  describeLoad,
  processGroups,
  type ScenarioContext,
  sendBatches,
  sendEvents,
  setUpAccount,
  waitForReceipts,
} from "./common.js";

const BATCH_SIZE = 100;

export interface IngestResult {
  knee: KneeResult;
  atLoad: { offered: number; accepted: number; latency: LatencySummary; shed: number; errors: number };
  // CPU per process during the 70 % run, per event accepted.
  cpu: CpuShare[];
  // POST /v1/events/batch with BATCH_SIZE events per request, API alone: its knee in requests/s
  // and the events/s that makes.
  batch: { size: number; knee: KneeResult; eventsPerSecond: number };
  drain: { deliveries: number; seconds: number; rate: number };
  ledger: Ledger;
}

export async function ingestScenario(ctx: ScenarioContext): Promise<IngestResult> {
  const ns = "s1-ingest";
  const account = await setUpAccount(ctx, ns, 100);
  say("scenario 1 (ingest, fan-out 1): API alone, no worker running; rising open-loop steps…");
  let published = 0;
  const knee = await findKnee(
    "scenario 1",
    async (rate) => {
      const result = await sendEvents(ctx, account, rate, ctx.settings.kneeStepMs);
      published += result.deliveries;
      return result;
    },
    {
      startRate: ctx.settings.kneeStartRate,
      factor: ctx.settings.kneeFactor,
      warmUp: async () => {
        published += (await sendEvents(ctx, account, 100, 1500)).deliveries;
      },
    },
  );
  const rate = round(LOAD_FRACTION * knee.knee);
  say(
    `scenario 1: knee ${knee.knee} events/s; ${rate} events/s (70 %) for ${ctx.settings.steadyMs / 1000} s…`,
  );
  const cpuBefore = cpuSnapshot(processGroups(ctx));
  const cpuFrom = nowMs();
  const load = await sendEvents(ctx, account, rate, ctx.settings.steadyMs);
  const cpu = cpuBetween(
    cpuBefore,
    cpuSnapshot(processGroups(ctx)),
    (nowMs() - cpuFrom) / 1000,
    load.accepted,
  );
  published += load.deliveries;
  say(`scenario 1 at 70 %: ${describeLoad(load)}`);
  say(
    `scenario 1: CPU ${cpu.map((c) => `${c.process} ${c.corePercent}% (${c.cpuMsPerDelivery} ms/event)`).join(", ")}`,
  );

  say(`scenario 1 (batch ingest, ${BATCH_SIZE} events per request): rising open-loop steps…`);
  const batchKnee = await findKnee(
    "scenario 1 batch",
    async (requests) => {
      const result = await sendBatches(ctx, account, requests, ctx.settings.kneeStepMs, BATCH_SIZE);
      published += result.deliveries;
      return result;
    },
    {
      // A few requests per step at least, so one slow answer does not read as the knee.
      startRate: 5,
      factor: ctx.settings.kneeFactor,
    },
  );
  const batch = { size: BATCH_SIZE, knee: batchKnee, eventsPerSecond: round(batchKnee.knee * BATCH_SIZE) };
  say(`scenario 1 batch: knee ${batchKnee.knee} requests/s = ${batch.eventsPerSecond} events/s`);

  say(`scenario 1: ${published} deliveries queued; starting the worker(s) to drain them…`);
  await ctx.stack.startWorkers();
  await waitForReceipts(ctx, ns, published, ctx.settings.drainTimeoutMs * 3);
  const ok = classOf(await ctx.receiver.snapshot(ns), "ok");
  const seconds = Math.max(0.001, (ok.lastAt - ok.firstAt) / 1000);
  const drain = { deliveries: ok.unique, seconds: round(seconds, 2), rate: round(ok.unique / seconds) };
  say(`scenario 1: worker drained ${drain.deliveries} deliveries in ${drain.seconds} s = ${drain.rate}/s`);
  const ledger = await settleLedger(ctx.stack, ctx.receiver, account, published, ctx.settings.drainTimeoutMs);
  return {
    knee,
    atLoad: {
      offered: rate,
      accepted: load.achievedRate,
      latency: load.latency,
      shed: load.shed,
      errors: load.errors,
    },
    cpu,
    batch,
    drain,
    ledger,
  };
}
