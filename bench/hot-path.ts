// `npx tsx bench/hot-path.ts [--rate N] [--seconds N] [--rounds N] [--profile DIR] [--set NAME=VALUE]…`: scenario 2
// (healthy, 100 webhooks answering 200, fan-out 1) at a fixed event rate only, for quick
// before/after figures of one change to the delivery path: CPU ms per delivery per process,
// Postgres statements, WAL fsyncs and Redis commands per delivery, and the ledger. CPU ms per
// delivery is the figure to compare (the rate is fixed, so a busy machine moves it less than it
// moves throughput); every round is printed, then the median of the rounds. --profile writes
// the worker's and the api's V8 CPU profiles under DIR and summarises them. --drain N instead
// stores a backlog of N events (batch API, worker stopped) per round and measures the worker
// draining it alone: the delivery path at full tilt, where jobs share ticks the most, with no
// API CPU in the window. --set gives both apps a setting of their own (BATCH_WINDOW_MS=0, say),
// to compare settings back to back.
import { join } from "node:path";
import { numberOption, runProgram } from "./cleanup.js";
import { settleLedger } from "./ledger.js";
import { medianLine, nowMs, round, say } from "./log.js";
import { readCounters, resetCounters } from "./profile/counters.js";
import { summarizeProfiles } from "./profile/cpu-profile.js";
import { cpuBetween, cpuMsByProcess, cpuSnapshot } from "./profile/process-cpu.js";
import { startBenchReceiver } from "./receiver.js";
import {
  createScenarioContext,
  processGroups,
  type ScenarioAccount,
  type ScenarioContext,
  sendBatches,
  setUpAccount,
} from "./scenarios/common.js";
import { drainDatabase, steadyRun } from "./scenarios/steady-run.js";
import { QUICK } from "./settings.js";
import { startBenchStack } from "./stack.js";

const args = process.argv.slice(2);
const rate = numberOption("--rate", 200);
const seconds = numberOption("--seconds", 8);
const rounds = numberOption("--rounds", 3);
const drain = numberOption("--drain", 0);
// --profile DIR: the worker and the api run under node --cpu-prof, their profiles written to
// DIR/worker and DIR/api when they stop, and summarised at the end.
const profileDir = args.includes("--profile") ? args[args.indexOf("--profile") + 1] : undefined;
const profileArgs = (name: string) =>
  profileDir ? ["--cpu-prof", "--cpu-prof-dir", join(profileDir, name)] : undefined;
const PROCESSES = ["worker", "api", "postgres", "redis"] as const;
const settings: Record<string, string> = {};
for (const [i, arg] of args.entries()) {
  if (args[i - 1] !== "--set") continue;
  const match = /^([A-Z][A-Z0-9_]*)=(.*)$/s.exec(arg);
  if (!match) throw new Error(`--set expects NAME=VALUE (an environment variable), got "${arg}"`);
  settings[match[1]!] = match[2]!;
}

async function run(): Promise<void> {
  const layout = { workers: 1, concurrency: 200 };
  const [receiver, stack] = await Promise.all([startBenchReceiver(), startBenchStack(layout)]);
  await stack.startApi(settings, profileArgs("api"));
  await stack.startWorkers(settings, profileArgs("worker"));
  const ctx = createScenarioContext(stack, receiver, { ...QUICK, steadyMs: seconds * 1000 });
  const ns = "hot-path";
  const account = await setUpAccount(ctx, ns, 100);
  let published = 0;
  // V8 compiles the hot paths and the pools fill during a first, unmeasured round.
  published += (await steadyRun(ctx, account, ns, { rate, label: "warm-up", durationMs: 3000 })).deliveries;
  await drainDatabase(ctx, account);

  const figures: Record<string, number>[] = [];
  for (let i = 1; drain > 0 && i <= rounds; i++) {
    const { row, deliveries } = await drainRound(ctx, account, i);
    published += deliveries;
    figures.push(row);
  }
  for (let i = 1; drain === 0 && i <= rounds; i++) {
    const mark = await resetCounters(stack);
    const before = cpuSnapshot(processGroups(ctx));
    const from = nowMs();
    const steady = await steadyRun(ctx, account, ns, { rate, label: `round ${i}` });
    await drainDatabase(ctx, account);
    published += steady.deliveries;
    const cpu = cpuBetween(
      before,
      cpuSnapshot(processGroups(ctx)),
      (nowMs() - from) / 1000,
      steady.deliveries,
    );
    const counters = await readCounters(stack, mark, steady.deliveries, steady.deliveries);
    const row: Record<string, number> = cpuMsByProcess(cpu, PROCESSES);
    row.total = round(
      PROCESSES.reduce((sum, name) => sum + row[name]!, 0),
      3,
    );
    row.statements = counters.postgres.perDelivery;
    row.walSyncs = counters.postgres.walSyncsPerDelivery;
    row.redisCommands = counters.redis.perDelivery;
    row.p99Ms = steady.latency.p99Ms;
    figures.push(row);
    say(`round ${i}: ${JSON.stringify(row)}`);
    say(
      `round ${i} statements: ${counters.postgres.top.map((s) => `${s.calls}× ${s.query.slice(0, 50)} exec ${s.meanMs} + plan ${s.meanPlanMs} ms`).join(" | ")}`,
    );
    say(`round ${i} redis: ${counters.redis.top.map((c) => `${c.command} ${c.calls}`).join(", ")}`);
  }
  const ledger = await settleLedger(stack, receiver, account, published, 30_000);
  if (profileDir) {
    await Promise.all([stack.stopWorkers(), stack.stopApi()]);
    for (const name of ["worker", "api"]) {
      const summary = summarizeProfiles(join(profileDir, name), { fromUs: 0, toUs: Number.MAX_SAFE_INTEGER });
      if (!summary) continue;
      const list = (entries: { name: string; percent: number }[]) =>
        entries.map((e) => `${e.percent}% ${e.name}`).join("; ");
      say(`${name} profile (${summary.busyMs} ms busy): ${list(summary.byArea)}`);
      say(`${name} top functions: ${list(summary.topFunctions)}`);
    }
  }
  const set = Object.entries(settings).map(([name, value]) => `, ${name}=${value}`);
  const shape = `${drain > 0 ? `draining ${drain} events` : `at ${rate} events/s, ${rounds} × ${seconds} s`}${set.join("")}`;
  console.log(`\nhot path ${shape} (median of ${rounds}; CPU ms per delivery):`);
  console.log(`  ${medianLine(figures)}`);
  console.log(
    `  ledger balanced: ${ledger.balanced} (missing ${ledger.missing}, duplicates ${ledger.duplicates})\n`,
  );
}

// A backlog stored with the worker stopped, then drained by a fresh worker: CPU per delivery of
// the worker, Postgres and Redis from its start until nothing is pending.
async function drainRound(ctx: ScenarioContext, account: ScenarioAccount, i: number) {
  await ctx.stack.stopWorkers();
  const stored = await sendBatches(ctx, account, 20, Math.ceil(drain / 100 / 20) * 1000, 100);
  const mark = await resetCounters(ctx.stack);
  await ctx.stack.startWorkers(settings, profileArgs("worker"));
  const before = cpuSnapshot(processGroups(ctx));
  const from = nowMs();
  await drainDatabase(ctx, account);
  const seconds = (nowMs() - from) / 1000;
  const deliveries = stored.deliveries;
  const cpu = cpuBetween(before, cpuSnapshot(processGroups(ctx)), seconds, deliveries);
  const counters = await readCounters(ctx.stack, mark, deliveries, deliveries);
  const row: Record<string, number> = {};
  for (const name of ["worker", "postgres", "redis"])
    row[name] = cpu.find((c) => c.process === name)?.cpuMsPerDelivery ?? 0;
  row.total = round(row.worker! + row.postgres! + row.redis!, 3);
  row.perSecond = round(deliveries / seconds);
  row.statements = counters.postgres.perDelivery;
  row.walSyncs = counters.postgres.walSyncsPerDelivery;
  row.redisCommands = counters.redis.perDelivery;
  say(`drain ${i}: ${deliveries} deliveries; ${JSON.stringify(row)}`);
  return { row, deliveries };
}

await runProgram(run);
