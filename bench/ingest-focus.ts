// `npm run bench:ingest [-- --rate N] [--seconds N] [--rounds N] [--batch-rate N] [--closed N]
// [--knee] [--profile DIR] [--compare DIR]`: scenario 1's API alone (100 webhooks, fan-out 1, no
// worker) for before/after figures of one change to the ingest path: CPU ms per event of the API,
// Postgres and Redis, statements and Redis commands per event, and the latency. Each round sends
// rate × seconds events closed loop (--closed in flight), then open loop at --rate events/s, then
// batches of 100 at --batch-rate requests/s (0 skips either). CPU ms per event is the figure to
// compare: a busy machine moves it less than it moves throughput. --knee adds scenario 1's knee
// searches with B_api and a run at 70 % of the single-event knee; --profile runs the API under
// node --cpu-prof and prints where its time went.
// --compare DIR also starts the API of another checkout (DIR, e.g. the commit before a change,
// with node_modules linked) on the same Postgres and Redis. Both are then loaded at once in
// "paired" rounds (the figure to trust on a shared machine: an A/A run agrees within ~2 %, while
// rounds taken one after the other differ by 20 % as the machine's load swings), then one after
// the other in alternating order.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHistogram } from "node:perf_hooks";
import { startHeraldApp } from "@herald/local-stack";
import { apiBaseline } from "./baselines.js";
import { numberOption, onCleanup, runProgram } from "./cleanup.js";
import { findKnee } from "./knee.js";
import { createPool, type OpenLoopResult, summarize } from "./load-generator.js";
import { medianLine, nowMs, round, say } from "./log.js";
import { EVENT_TYPES, eventBody } from "./payload.js";
import { readCounters, resetCounters } from "./profile/counters.js";
import { profileClockUs, summarizeProfiles } from "./profile/cpu-profile.js";
import { cpuBetween, cpuMsByProcess, cpuSnapshot } from "./profile/process-cpu.js";
import { startBenchReceiver } from "./receiver.js";
import {
  createScenarioContext,
  describeLoad,
  processGroups,
  type ScenarioContext,
  sendBatches,
  sendEvents,
  setUpAccount,
} from "./scenarios/common.js";
import { LOAD_FRACTION, QUICK } from "./settings.js";
import { startBenchStack } from "./stack.js";

const args = process.argv.slice(2);
const rate = numberOption("--rate", 300);
const seconds = numberOption("--seconds", 6);
const rounds = numberOption("--rounds", 3);
const batchRate = numberOption("--batch-rate", 8);
// Closed loop: this many requests in flight, each sent when one is answered, so every event is
// handled at the same (low) concurrency however busy the machine is: the steadiest figure of
// CPU per event for a before/after comparison on a shared machine (0 skips it).
const closedConcurrency = numberOption("--closed", 2);
const BATCH_SIZE = 100;
const profileDir = args.includes("--profile")
  ? (args[args.indexOf("--profile") + 1] ?? mkdtempSync(join(tmpdir(), "ingest-profile-")))
  : undefined;
const compareDir = args.includes("--compare") ? args[args.indexOf("--compare") + 1] : undefined;
const PROCESSES = ["api", "postgres", "redis"] as const;

type Row = Record<string, number>;

async function measured(
  ctx: ScenarioContext,
  label: string,
  events: (result: OpenLoopResult) => number,
  load: () => Promise<OpenLoopResult>,
): Promise<Row> {
  const mark = await resetCounters(ctx.stack);
  const before = cpuSnapshot(processGroups(ctx));
  const from = nowMs();
  const result = await load();
  const count = Math.max(1, events(result));
  const cpu = cpuBetween(before, cpuSnapshot(processGroups(ctx)), (nowMs() - from) / 1000, count);
  const counters = await readCounters(ctx.stack, mark, count, count);
  const row: Row = cpuMsByProcess(cpu, PROCESSES);
  row.statements = counters.postgres.perEvent;
  row.redisCommands = counters.redis.perDelivery;
  row.p50Ms = result.latency.p50Ms;
  row.p99Ms = result.latency.p99Ms;
  row.errors = result.errors;
  say(`${label}: ${describeLoad(result)}`);
  say(`${label}: ${JSON.stringify(row)}`);
  say(
    `${label} statements: ${counters.postgres.top
      .slice(0, 3)
      .map(
        (st) =>
          `${st.calls}× exec ${st.meanMs} ms plan ${st.meanPlanMs} ms ${st.query.replace(/\s+/g, " ").slice(0, 50)}`,
      )
      .join(" | ")}`,
  );
  return row;
}

// `count` single events, `concurrency` at a time, as one OpenLoopResult-like summary.
async function closedLoop(ctx: ScenarioContext, key: string, count: number): Promise<OpenLoopResult> {
  const latency = createHistogram();
  let next = 0;
  let accepted = 0;
  let errors = 0;
  const startedAt = nowMs();
  const lane = async () => {
    while (next < count) {
      const seq = next++;
      const at = nowMs();
      const answer = await ctx.api.request({
        method: "POST",
        path: "/v1/events",
        headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
        body: eventBody(EVENT_TYPES[seq % EVENT_TYPES.length]!, seq, at),
      });
      await answer.body.text();
      latency.record(Math.max(1, Math.round((nowMs() - at) * 1000)));
      if (answer.statusCode === 202) accepted++;
      else errors++;
    }
  };
  await Promise.all(Array.from({ length: closedConcurrency }, lane));
  const durationMs = nowMs() - startedAt;
  return {
    offeredRate: 0,
    durationMs,
    startedAt,
    scheduled: count,
    sent: count,
    shed: 0,
    accepted,
    errors,
    statuses: {},
    achievedRate: round((accepted / durationMs) * 1000, 1),
    deliveries: accepted,
    latency: summarize(latency),
    generatorCpuPercent: 0,
  };
}

async function run(): Promise<void> {
  const [receiver, stack] = await Promise.all([
    startBenchReceiver(),
    startBenchStack({ workers: 1, concurrency: 200 }),
  ]);
  await stack.startApi({}, profileDir ? ["--cpu-prof", "--cpu-prof-dir", profileDir] : undefined);
  const ctx = createScenarioContext(stack, receiver, { ...QUICK, steadyMs: seconds * 1000 });
  const account = await setUpAccount(ctx, "ingest-focus", 100);
  // V8 compiles the hot paths and the pools fill during a first, unmeasured run.
  await sendEvents(ctx, account, 200, 3000);
  await sendBatches(ctx, account, 4, 2000, BATCH_SIZE);

  // This checkout's API, and with --compare the other one's, measured in alternating rounds.
  const apis: [string, ScenarioContext][] = [[compareDir ? "this" : "", ctx]];
  if (compareDir) {
    const other = await startHeraldApp("api", stack.heraldEnv, {
      entry: ["--import", "tsx", join(compareDir, "apps/api/src/main.ts")],
    });
    onCleanup("compared api", () => other.stop(15_000));
    const otherCtx = { ...ctx, stack: { ...stack, api: other }, api: createPool(other.url) };
    await sendEvents(otherCtx, account, 200, 3000);
    await sendBatches(otherCtx, account, 4, 2000, BATCH_SIZE);
    apis.push([compareDir, otherCtx]);
  }
  const rows = new Map<string, Row[]>();
  const add = (label: string, row: Row) => rows.set(label, [...(rows.get(label) ?? []), row]);
  const fromUs = profileClockUs();
  for (let i = 1; compareDir && closedConcurrency > 0 && i <= rounds; i++) {
    // Both APIs loaded at once, so whatever else the machine does weighs on both alike: their
    // CPU per event is comparable even when the machine's load swings from round to round.
    const before = apis.map(([, api]) => cpuSnapshot(processGroups(api)));
    const from = nowMs();
    const results = await Promise.all(
      apis.map(([, api]) => closedLoop(api, account.key, Math.round(rate * seconds))),
    );
    const seconds_ = (nowMs() - from) / 1000;
    apis.forEach(([name, api], index) => {
      const cpu = cpuBetween(
        before[index]!,
        cpuSnapshot(processGroups(api)),
        seconds_,
        results[index]!.accepted,
      );
      const row: Row = {
        api: cpu.find((c) => c.process === "api")?.cpuMsPerDelivery ?? 0,
        p50Ms: results[index]!.latency.p50Ms,
        p99Ms: results[index]!.latency.p99Ms,
        errors: results[index]!.errors,
      };
      say(`paired closed (${name}) round ${i}: ${JSON.stringify(row)}`);
      add(`paired closed loop, ${closedConcurrency} in flight each (${name})`, row);
    });
  }
  for (let i = 1; i <= rounds; i++) {
    for (const [name, api] of i % 2 === 1 ? apis : [...apis].reverse()) {
      const label = (kind: string) => (name ? `${kind} (${name})` : kind);
      if (closedConcurrency > 0)
        add(
          label(`closed loop, ${closedConcurrency} in flight`),
          await measured(
            api,
            `${label("closed")} round ${i}`,
            (r) => r.accepted,
            () => closedLoop(api, account.key, Math.round(rate * seconds)),
          ),
        );
      if (rate > 0)
        add(
          label("single"),
          await measured(
            api,
            `${label("single")} round ${i}`,
            (r) => r.accepted,
            () => sendEvents(api, account, rate, seconds * 1000),
          ),
        );
      if (batchRate > 0)
        add(
          label("batch"),
          await measured(
            api,
            `${label("batch")} round ${i}`,
            (r) => r.accepted * BATCH_SIZE,
            () => sendBatches(api, account, batchRate, seconds * 1000, BATCH_SIZE),
          ),
        );
    }
  }
  const toUs = profileClockUs();
  if (args.includes("--knee")) {
    const settings = ctx.settings;
    const bApi = await apiBaseline(settings);
    const knee = await findKnee("single", (r) => sendEvents(ctx, account, r, settings.kneeStepMs), {
      startRate: 150,
      factor: 1.5,
    });
    const at70 = round(LOAD_FRACTION * knee.knee);
    const load = await sendEvents(ctx, account, at70, 5000);
    say(`single at 70 % (${at70}/s): ${describeLoad(load)}`);
    const batchKnee = await findKnee(
      "batch",
      (r) => sendBatches(ctx, account, r, settings.kneeStepMs, BATCH_SIZE),
      { startRate: 5, factor: 1.5 },
    );
    console.log(
      `\nB_api ${bApi.knee} req/s; knee ${knee.knee} events/s = ${round(knee.knee / bApi.knee, 2)} × B_api; at 70 % p50 ${load.latency.p50Ms} ms p99 ${load.latency.p99Ms} ms; ` +
        `batch knee ${round(batchKnee.knee * BATCH_SIZE)} events/s (${round((batchKnee.knee * BATCH_SIZE) / knee.knee, 1)} ×)`,
    );
  }
  console.log(
    `\ningest at ${rate} events/s and ${batchRate} × ${BATCH_SIZE} events/s, ${rounds} × ${seconds} s`,
  );
  console.log("(median; CPU ms per event, statements and Redis commands per event):");
  for (const [label, list] of [...rows.entries()].sort()) console.log(`  ${label}: ${medianLine(list)}`);
  if (profileDir) {
    await stack.stopApi();
    const summary = summarizeProfiles(profileDir, { fromUs, toUs });
    console.log(`\nAPI profile (${profileDir}), busy ${summary?.busyMs} ms:`);
    for (const entry of summary?.byArea ?? []) console.log(`  ${entry.percent}%  ${entry.name}`);
    for (const entry of summary?.topFunctions ?? []) console.log(`  ${entry.percent}%  ${entry.name}`);
  }
}

await runProgram(run);
