// Ceilings measured in the same run, on the same machine, against the same receiver and
// Redis, so Herald's numbers can be read as ratios that survive a change of machine.
//   B_queue  BullMQ no-op worker(s), Herald's job options and concurrency
//   B_got    Herald's delivery client (createDeliveryHttp: got stream), ~1 KB JSON, keep-alive,
//            same concurrency   (B_http, B_undici for reference); each with its CPU ms per request
//   B_api    an empty Express 5 handler under the bench's own load generator
//   H        1 / (1/B_queue + 1/B_got): "dequeue + POST" on this box
import { type BenchChild, startChild } from "./child-process.js";
import { findKnee, type KneeResult } from "./knee.js";
import { createPool, openLoop } from "./load-generator.js";
import { round, say, sleep } from "./log.js";
import { eventBody } from "./payload.js";
import { redisCommandStats, redisCpuMs, resetRedisStats } from "./profile/counters.js";
import type { BenchReceiver } from "./receiver.js";
import type { ModeSettings } from "./settings.js";
import type { HeraldLayout } from "./stack.js";

export interface ClientBaseline {
  rate: number;
  processes: number;
  concurrencyPerProcess: number;
  clientCpuPercent: number[];
  // The client process's CPU per request (mean over the processes).
  cpuMsPerRequest: number;
  errors: number;
}

export interface QueueBaseline {
  rate: number;
  jobs: number;
  seconds: number;
  processes: number;
  concurrencyPerProcess: number;
  // Redis commands BullMQ itself needs per job (commands inside its Lua scripts included), to
  // tell Herald's own Redis work from the queue's.
  redis: { addPerJob: number; consumePerJob: number; scriptCallsPerJob: number; redisCpuUsPerJob: number };
}

export interface Baselines {
  queue: QueueBaseline;
  got: ClientBaseline;
  http: ClientBaseline;
  undici: ClientBaseline;
  api: KneeResult;
  H: number;
}

export async function measureBaselines(
  settings: ModeSettings,
  layout: HeraldLayout,
  receiver: BenchReceiver,
  redisUrl: string,
): Promise<Baselines> {
  const queue = await queueBaseline(settings, layout, redisUrl);
  const clients: Record<"got" | "http" | "undici", ClientBaseline> = {} as never;
  for (const mode of ["got", "http", "undici"] as const) {
    clients[mode] = await clientBaseline(mode, settings, layout, receiver);
  }
  const api = await apiBaseline(settings);
  const H = round(1 / (1 / queue.rate + 1 / clients.got.rate));
  say(`H = 1 / (1/B_queue + 1/B_got) = ${H}/s`);
  return { queue, ...clients, api, H };
}

async function queueBaseline(
  settings: ModeSettings,
  layout: HeraldLayout,
  redisUrl: string,
): Promise<QueueBaseline> {
  say(
    `B_queue: ${settings.queueJobs} jobs with Herald's job options through ${layout.workers} no-op worker process(es) × ${layout.concurrency}…`,
  );
  const env = {
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: "bench-noop",
    WORKER_CONCURRENCY: String(layout.concurrency),
  };
  const workers: BenchChild<unknown>[] = await Promise.all(
    Array.from({ length: layout.workers }, (_, i) =>
      startChild(`no-op worker ${i}`, "bench/processes/noop-worker-process.ts", { env }),
    ),
  );
  try {
    await resetRedisStats(redisUrl);
    const cpuBefore = await redisCpuMs(redisUrl);
    await workers[0]!.call("prefill", { jobs: settings.queueJobs });
    const added = await redisCommandStats(redisUrl);
    await resetRedisStats(redisUrl);
    await Promise.all(workers.map((worker) => worker.call("consume")));
    const deadline = Date.now() + 60_000;
    let counts: { completed: number; startedAt: number; lastAt: number }[] = [];
    for (;;) {
      await sleep(100);
      counts = await Promise.all(workers.map((worker) => worker.call<(typeof counts)[number]>("count")));
      const completed = counts.reduce((sum, c) => sum + c.completed, 0);
      if (completed >= settings.queueJobs || Date.now() > deadline) break;
    }
    const completed = counts.reduce((sum, c) => sum + c.completed, 0);
    const seconds =
      (Math.max(...counts.map((c) => c.lastAt)) - Math.min(...counts.map((c) => c.startedAt))) / 1000;
    const rate = round(completed / seconds);
    const consumed = await redisCommandStats(redisUrl);
    const redisCpu = (await redisCpuMs(redisUrl)) - cpuBefore;
    const per = (n: number, jobs: number) => round(n / Math.max(1, jobs), 2);
    const redis = {
      addPerJob: per(added.total, settings.queueJobs),
      consumePerJob: per(consumed.total, completed),
      scriptCallsPerJob: per(added.scripts + consumed.scripts, completed),
      redisCpuUsPerJob: per(redisCpu * 1000, completed),
    };
    say(
      `B_queue = ${rate} jobs/s (${completed} jobs in ${seconds.toFixed(2)} s); Redis commands per job: ` +
        `${redis.addPerJob} to add, ${redis.consumePerJob} to consume (${redis.scriptCallsPerJob} script calls)`,
    );
    await workers[0]!.call("clean");
    return {
      rate,
      jobs: completed,
      seconds: round(seconds, 2),
      processes: layout.workers,
      concurrencyPerProcess: layout.concurrency,
      redis,
    };
  } finally {
    await Promise.all(workers.map((worker) => worker.stop()));
  }
}

async function clientBaseline(
  mode: "got" | "http" | "undici",
  settings: ModeSettings,
  layout: HeraldLayout,
  receiver: BenchReceiver,
): Promise<ClientBaseline> {
  const clients = await Promise.all(
    Array.from({ length: layout.workers }, (_, i) =>
      startChild(`${mode} client ${i}`, "bench/processes/http-client-process.ts", { args: [mode] }),
    ),
  );
  try {
    say(
      `B_${mode}: ${layout.workers} process(es) × ${layout.concurrency} concurrent keep-alive POSTs of 1 KB…`,
    );
    const results = await Promise.all(
      clients.map((client) =>
        client.call<{ rate: number; errors: number; cpuPercent: number; cpuMsPerRequest: number }>("run", {
          url: `${receiver.url}/base-${mode}`,
          concurrency: layout.concurrency,
          warmupMs: settings.baselineWarmupMs,
          durationMs: settings.baselineMs,
        }),
      ),
    );
    const rate = round(results.reduce((sum, r) => sum + r.rate, 0));
    const cpuMsPerRequest = round(results.reduce((sum, r) => sum + r.cpuMsPerRequest, 0) / results.length, 3);
    say(
      `B_${mode} = ${rate} req/s (client CPU ${results.map((r) => `${r.cpuPercent}%`).join(", ")}, ${cpuMsPerRequest} ms per request)`,
    );
    await receiver.forget(`base-${mode}`);
    return {
      rate,
      processes: layout.workers,
      concurrencyPerProcess: layout.concurrency,
      clientCpuPercent: results.map((r) => r.cpuPercent),
      cpuMsPerRequest,
      errors: results.reduce((sum, r) => sum + r.errors, 0),
    };
  } finally {
    await Promise.all(clients.map((client) => client.stop()));
  }
}

export async function apiBaseline(settings: ModeSettings): Promise<KneeResult> {
  const app = await startChild<{ port: number }>("empty express app", "bench/processes/empty-api-process.ts");
  const pool = createPool(`http://127.0.0.1:${app.ready.port}`);
  try {
    say("B_api: an empty Express 5 handler, open-loop steps with the bench's load generator…");
    const load = (rate: number, durationMs: number) =>
      openLoop({
        pool,
        path: "/v1/events",
        headers: { "content-type": "application/json", authorization: "Bearer hrld_sk_bench" },
        rate,
        durationMs,
        body: (seq, at) => eventBody("bench.t0", seq, at),
      });
    const result = await findKnee("B_api", (rate) => load(rate, settings.kneeStepMs), {
      startRate: 1000,
      factor: 2,
      // A fresh process answers slowly until V8 has compiled the hot paths.
      warmUp: () => load(1000, 2000),
    });
    say(`B_api = ${result.knee} req/s`);
    return result;
  } finally {
    await pool.close();
    await app.stop();
  }
}
