// The profiling run: the API and worker(s) restarted under `node --cpu-prof`, scenario 2's
// load at 70 % of capacity, then stopped (the profiles are written at exit) and summarized.
// It runs last, on its own, so the profiler's overhead touches no other figure.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createPool } from "../load-generator.js";
import { say } from "../log.js";
import { type ProfileSummary, profileClockUs, summarizeProfiles } from "../profile/cpu-profile.js";
import { type RedisRoundTrips, readRoundTripLog, startRoundTripLog } from "../profile/redis-round-trips.js";
import { type ScenarioContext, sendEvents, setUpAccount, waitForReceipts } from "./common.js";
import { drainDatabase, type SteadyRun, steadyRun } from "./steady-run.js";

export interface ProfiledRun {
  steady: SteadyRun;
  api: ProfileSummary | undefined;
  worker: ProfileSummary | undefined;
  redisRoundTrips: RedisRoundTrips;
}

export async function profiledRun(ctx: ScenarioContext, scenario2: SteadyRun): Promise<ProfiledRun> {
  const dir = await mkdtemp(join(tmpdir(), "herald-bench-prof-"));
  try {
    say("profiling: restarting the API and worker(s) under node --cpu-prof…");
    await Promise.all([ctx.stack.stopWorkers(), ctx.stack.stopApi(), ctx.api.close()]);
    const args = (role: string) => ["--cpu-prof", "--cpu-prof-dir", join(dir, role)];
    await Promise.all([ctx.stack.startApi({}, args("api")), ctx.stack.startWorkers({}, args("worker"))]);
    ctx.api = createPool(ctx.stack.api!.url);
    const account = await setUpAccount(ctx, "p-profile", 100);
    // Warm the fresh processes up first: the profile is of a running system, not of JIT warm-up.
    const warm = await sendEvents(ctx, account, scenario2.offered, 2000);
    await waitForReceipts(ctx, "p-profile", warm.deliveries);
    let fromUs = 0;
    const steady = await steadyRun(ctx, account, "p-profile", {
      rate: scenario2.offered,
      label: "profiling run",
      durationMs: ctx.settings.profileMs,
      beforeStart: async () => {
        await startRoundTripLog(ctx.stack.redisUrl);
        fromUs = profileClockUs();
      },
    });
    await drainDatabase(ctx, account);
    const redisRoundTrips = await readRoundTripLog(ctx.stack.redisUrl, steady.deliveries);
    // Only the samples taken while the load ran and drained: not startup, not shutdown.
    const window = { fromUs, toUs: profileClockUs() };
    await Promise.all([ctx.stack.stopWorkers(), ctx.stack.stopApi()]);
    const api = summarizeProfiles(join(dir, "api"), window);
    const worker = summarizeProfiles(join(dir, "worker"), window);
    return { steady, api, worker, redisRoundTrips };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
