// `npm run bench [-- --quick] [--workers N] [--concurrency N] [--soak-minutes N]`: Herald
// against its own stack's ceilings, measured in one run. Starts Postgres, Redis, a receiver, the API and
// worker(s); measures the baselines, then the scenarios; prints a table, writes
// bench/results/<date>-<sha>.json and, after a full run, the README's results section.
// Everything it started is stopped at the end, on error and on Ctrl-C.
import { measureBaselines } from "./baselines.js";
import { runProgram } from "./cleanup.js";
import { elapsedSeconds, round, say } from "./log.js";
import { calibrate, describeMachine, idlePercent } from "./machine.js";
import { startBenchReceiver } from "./receiver.js";
import { gitState, machineLine, resultsTable, updateReadme, writeResults } from "./report.js";
import { type BenchResults, checkTargets } from "./results.js";
import { createScenarioContext } from "./scenarios/common.js";
import { deliveryPolicyScenario } from "./scenarios/delivery-policy.js";
import { failingEndpointsScenario } from "./scenarios/failing-endpoints.js";
import { fanOutScenario } from "./scenarios/fan-out.js";
import { healthyScenario } from "./scenarios/healthy.js";
import { hostileBodiesScenario } from "./scenarios/hostile-bodies.js";
import { ingestScenario } from "./scenarios/ingest.js";
import { noisyNeighbourScenario } from "./scenarios/noisy-neighbour.js";
import { profiledRun } from "./scenarios/profiled-run.js";
import { retentionScenario } from "./scenarios/retention.js";
import { soakScenario } from "./scenarios/soak.js";
import { FULL, QUICK } from "./settings.js";
import { BENCH_OVERRIDES, startBenchStack } from "./stack.js";
import { whereTimeGoesLines } from "./where-time-goes.js";

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const index = args.indexOf(name);
  const value = index === -1 ? fallback : Number(args[index + 1]);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} needs a number`);
  return value;
};
const mode = args.includes("--quick") ? QUICK : FULL;
// --soak-minutes N: a longer soak, or one in quick mode (0 skips it).
const settings = { ...mode, soakMs: option("--soak-minutes", mode.soakMs / 60_000) * 60_000 };
// Production's default worker concurrency; one worker process unless told otherwise.
const layout = {
  workers: Math.max(1, Math.round(option("--workers", 1))),
  concurrency: Math.max(1, Math.round(option("--concurrency", 200))),
};

async function run(): Promise<void> {
  const startedAt = new Date();
  say(
    `${settings.mode} mode; Herald: 1 API process, ${layout.workers} worker process(es) × concurrency ${layout.concurrency}`,
  );
  const idle = await idlePercent();
  if (idle < 90)
    say(`warning: the machine was only ${idle}% idle before the bench started; figures will be low`);
  const calibrationStart = calibrate();
  const [receiver, stack] = await Promise.all([startBenchReceiver(), startBenchStack(layout)]);
  const machine = await describeMachine(stack, idle, calibrationStart);
  say(`bench settings that differ from production: ${JSON.stringify(BENCH_OVERRIDES)}`);

  const baselines = await measureBaselines(settings, layout, receiver, stack.redisUrl);
  say("starting Herald's API…");
  await stack.startApi();
  const ctx = createScenarioContext(stack, receiver, settings);
  const ingest = await ingestScenario(ctx);
  // Ingest and delivery share the two cores, so together they sustain about the harmonic sum
  // of what each does alone; the capacity search starts below that.
  const estimate = 1 / (1 / ingest.drain.rate + 1 / ingest.knee.knee);
  const healthy = await healthyScenario(ctx, estimate);
  const fanOut = await fanOutScenario(ctx, healthy.capacity.capacity, ingest.drain.rate);
  const noisyNeighbour = await noisyNeighbourScenario(ctx, healthy.steady);
  const failingEndpoints = await failingEndpointsScenario(ctx, healthy.steady);
  const hostileBodies = await hostileBodiesScenario(ctx);
  const policy = await deliveryPolicyScenario(ctx);
  const retention = await retentionScenario(ctx, healthy.steady);
  const soak = settings.soakMs > 0 ? await soakScenario(ctx, healthy.steady) : undefined;
  const profile = await profiledRun(ctx, healthy.steady);
  await ctx.api.close();
  machine.calibrationMs.end = calibrate();

  const partial: Omit<BenchResults, "targets" | "ledgersBalanced"> = {
    mode: settings.mode,
    startedAt: startedAt.toISOString(),
    durationS: round(elapsedSeconds()),
    git: gitState(),
    machine,
    layout: { api: 1, ...layout },
    settings,
    heraldOverrides: { ...BENCH_OVERRIDES, WORKER_CONCURRENCY: String(layout.concurrency) },
    baselines,
    scenarios: { ingest, healthy, fanOut, noisyNeighbour, failingEndpoints, soak },
    hostileBodies,
    retention,
    policy,
    profile,
    whereTimeGoes: {
      cpuByProcess: healthy.cpu,
      postgres: healthy.counters.postgres,
      redis: healthy.counters.redis,
      worker: profile.worker,
      api: profile.api,
    },
  };
  const ledgersBalanced = [ingest, healthy, fanOut, noisyNeighbour, failingEndpoints, soak].every(
    (scenario) => scenario === undefined || scenario.ledger.balanced,
  );
  const results: BenchResults = { ...partial, targets: checkTargets(partial), ledgersBalanced };
  const path = writeResults(results);

  console.log(`\n${machineLine(results)}\n`);
  console.log(resultsTable(results));
  console.log("\nWhere time goes:");
  for (const line of whereTimeGoesLines(results)) console.log(`  - ${line}`);
  console.log("\nTargets (goals, reported, never asserted):");
  for (const check of results.targets)
    console.log(`  ${check.met ? "met    " : "not met"}  ${check.target}: ${check.value}`);
  console.log("");
  say(`results written to ${path}`);
  if (settings.mode === "full") {
    say(
      updateReadme(results, path)
        ? "README.md results section updated"
        : "README.md has no bench markers; left alone",
    );
  }
  if (!ledgersBalanced) throw new Error("a ledger did not balance (see the ledger lines above)");
}

await runProgram(run, () =>
  say(`done in ${round(elapsedSeconds())} s; everything the bench started is stopped`),
);
