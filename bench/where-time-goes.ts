// The "where time goes" summary: CPU per process per delivery (and per ingested event),
// Postgres statements and Redis commands per delivery against what BullMQ alone needs, and
// the CPU profiles' heaviest areas and functions.
import type { ProfileSummary } from "./profile/cpu-profile.js";
import type { CpuShare } from "./profile/process-cpu.js";
import type { BenchResults } from "./results.js";

const cpuList = (shares: CpuShare[]) =>
  shares.map((c) => `${c.process} ${c.corePercent}% (${c.cpuMsPerDelivery} ms)`).join(", ");

export function whereTimeGoesLines(r: BenchResults, topN = 8): string[] {
  const w = r.whereTimeGoes;
  const q = r.baselines.queue.redis;
  const bullmq = Math.round((q.addPerJob + q.consumePerJob) * 10) / 10;
  const lines = [
    `CPU during scenario 2 at 70 % (share of one core; CPU ms per delivery): ${cpuList(w.cpuByProcess)}`,
    `CPU during ingest at 70 % of the knee, no worker (CPU ms per event): ${cpuList(r.scenarios.ingest.cpu)}`,
    `Postgres: ${w.postgres.perDelivery} statements per delivery at fan-out 1 (ingest, load, record); ${w.postgres.top
      .slice(0, 3)
      .map((s) => `${s.calls}× \`${s.query.slice(0, 48)}…\` exec ${s.meanMs} ms + plan ${s.meanPlanMs} ms`)
      .join(
        "; ",
      )}; ${w.postgres.walSyncsPerDelivery} WAL fsyncs per delivery, ${w.postgres.walSyncMeanMs} ms each, ` +
      `${w.postgres.walBytesPerDelivery} WAL bytes per delivery`,
    `Redis: ${w.redis.perDelivery} commands per delivery (${w.redis.scriptCallsPerDelivery} script calls; commands ` +
      `inside Lua scripts count too), ${w.redis.redisCpuUsPerDelivery} µs of Redis CPU per delivery; BullMQ alone ` +
      `(B_queue) needs ${bullmq} per job (${q.scriptCallsPerJob} script calls, ${q.redisCpuUsPerJob} µs); top: ${w.redis.top
        .slice(0, 6)
        .map((c) => `${c.command} ${c.calls}`)
        .join(", ")}`,
  ];
  const profile = (name: string, p: ProfileSummary | undefined) => {
    if (!p) return `${name} CPU profile: none written`;
    return `${name} CPU profile (${p.busyMs} ms busy, ${p.busyPercent}% of the run): by area ${p.byArea
      .slice(0, topN)
      .map((a) => `${a.name} ${a.percent}%`)
      .join(", ")}; top functions ${p.topFunctions
      .slice(0, topN)
      .map((f) => `${f.name} ${f.percent}%`)
      .join(", ")}`;
  };
  const trips = r.profile.redisRoundTrips;
  lines.push(
    `Redis round trips (profiling run, SLOWLOG): ${trips.perDelivery} per delivery, ${trips.usPerDelivery} µs of ` +
      `Redis time per delivery; by command: ${trips.byCommand
        .slice(0, topN)
        .map((c) => `${c.name} ${c.perDelivery}× ${c.usPerCall} µs`)
        .join(", ")}`,
  );
  lines.push(profile("Worker", w.worker), profile("API", w.api));
  return lines;
}
