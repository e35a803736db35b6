// The results table (stdout and README), the JSON file, and the README's results section,
// rewritten between <!-- bench:start --> and <!-- bench:end --> after every full run.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "@herald/local-stack";
import { type BenchResults, heraldCpuMs, heraldShares } from "./results.js";
import { whereTimeGoesLines } from "./where-time-goes.js";

const x = (a: number, base: number) => (base > 0 ? `${(a / base).toFixed(2)} ×` : "–");
const ms = (l: { p50Ms: number; p99Ms: number }) => `p50 ${l.p50Ms} / p99 ${l.p99Ms} ms`;
const mark = (met: boolean) => (met ? "✅" : "❌");

export function machineLine(r: BenchResults): string {
  const m = r.machine;
  return (
    `${m.cores} cores, ${m.cpuModel}, ${m.memoryGb} GB; Node ${m.node}, Redis ${m.redis}, Postgres ${m.postgres} ` +
    `(${m.durability}; fsync ${m.fsyncMedianMs} ms; CPU calibration ${m.calibrationMs.start}/${m.calibrationMs.end} ms ` +
    `at start/end); Herald: 1 API process + ${r.layout.workers} worker process(es) × concurrency ` +
    `${r.layout.concurrency}; ${r.mode} mode, ${r.durationS} s, commit ${r.git.sha}${r.git.dirty ? " (uncommitted changes)" : ""}`
  );
}

// Older results files have no CPU per request.
const cpuPerRequest = (c: { cpuMsPerRequest?: number }) =>
  c.cpuMsPerRequest === undefined ? "" : `${c.cpuMsPerRequest} ms CPU/request`;

export function resultsTable(r: BenchResults): string {
  const { baselines: b, scenarios: s } = r;
  const h = s.healthy;
  const t = (name: string) => r.targets.find((check) => check.target.startsWith(name));
  const target = (name: string) => {
    const check = t(name);
    return check ? `${check.target.replace(/^.*?: /, "")} ${mark(check.met)}` : "";
  };
  const rows: string[][] = [
    ["B_queue: BullMQ no-op worker, Herald job options", `${b.queue.rate} jobs/s`, "", ""],
    [
      "B_got: Herald's got client (stream) POST 1 KB, keep-alive, same concurrency",
      `${b.got.rate} req/s`,
      cpuPerRequest(b.got),
      "",
    ],
    [
      "B_http: node:http (reference)",
      `${b.http.rate} req/s`,
      `${x(b.http.rate, b.got.rate)} B_got; ${cpuPerRequest(b.http)}`,
      "",
    ],
    [
      "B_undici: undici.request (reference)",
      `${b.undici.rate} req/s`,
      `${x(b.undici.rate, b.got.rate)} B_got; ${cpuPerRequest(b.undici)}`,
      "",
    ],
    ["B_api: empty Express 5 handler, same generator", `${b.api.knee} req/s`, "", ""],
    ["H = 1 / (1/B_queue + 1/B_got)", `${b.H}/s`, "", ""],
    [
      "1 Ingest knee (fan-out 1, API alone)",
      `${s.ingest.knee.knee} events/s`,
      `${x(s.ingest.knee.knee, b.api.knee)} B_api`,
      target("Ingest knee"),
    ],
    [
      `1 Batch ingest knee (${s.ingest.batch.size} events per request, API alone)`,
      `${s.ingest.batch.eventsPerSecond} events/s (${s.ingest.batch.knee.knee} req/s)`,
      `${x(s.ingest.batch.eventsPerSecond, s.ingest.knee.knee)} single-event knee`,
      target("Batch ingest"),
    ],
    [
      `1 Ingest at 70 % of knee (${s.ingest.atLoad.offered}/s)`,
      ms(s.ingest.atLoad.latency),
      "",
      target("Ingest p99"),
    ],
    [
      "1 Worker draining a backlog (no ingest)",
      `${s.ingest.drain.rate} deliveries/s`,
      `${x(s.ingest.drain.rate, b.H)} H`,
      "",
    ],
    [
      "2 Healthy end-to-end capacity (sustained), 100 webhooks",
      `${h.capacity.capacity} deliveries/s${h.capacity.found ? "" : " (no step sustained)"}`,
      `${x(h.capacity.capacity, b.H)} H; ${x(h.capacity.capacity, b.queue.rate)} B_queue; ${x(h.capacity.capacity, b.got.rate)} B_got`,
      target("Healthy end-to-end"),
    ],
    [
      "2 At 70 %: CPU per delivery (api + worker + postgres + redis)",
      `${heraldCpuMs(h.cpu)} ms`,
      heraldShares(h.cpu)
        .map((c) => `${c.process} ${c.cpuMsPerDelivery}`)
        .join(", "),
      target("CPU per delivery"),
    ],
    [
      `2 At 70 % (${h.steady.offered}/s): ingest→receipt`,
      `${h.steady.delivered}/s; ${ms(h.steady.latency)}`,
      `API ${ms(h.steady.apiLatency)}`,
      target("p99 ingest"),
    ],
    [
      `3 Fan-out 1 → ${s.fanOut.fanOut}: burst of ${s.fanOut.burst.events} events`,
      `${s.fanOut.burst.rate} deliveries/s`,
      `${x(s.fanOut.burst.rate, h.capacity.capacity)} scenario 2; ${x(s.fanOut.burst.rate, b.H)} H; API ${ms(s.fanOut.burst.apiLatency)}`,
      "",
    ],
    [
      `3 At ${s.fanOut.steady.offered} events/s: ingest→receipt`,
      `${s.fanOut.steady.delivered}/s; ${ms(s.fanOut.steady.latency)}`,
      `API ${ms(s.fanOut.steady.apiLatency)}`,
      "",
    ],
    [
      "4 Noisy neighbour (another account's 10 % hang): the other account's deliveries",
      `${s.noisyNeighbour.steady.delivered}/s; ${ms(s.noisyNeighbour.steady.latency)}`,
      `${s.noisyNeighbour.healthyVsScenario2} × scenario 2`,
      target("Noisy"),
    ],
    [
      "4 Max in flight per hanging endpoint; at the tenant's destination",
      `${s.noisyNeighbour.maxInFlightPerSlowEndpoint} (cap ${s.noisyNeighbour.cap}); ${s.noisyNeighbour.maxInFlightAtHangingDestination} (cap ${Math.min(s.noisyNeighbour.destinationCap, s.noisyNeighbour.accountCap, s.noisyNeighbour.hangingWebhooks * s.noisyNeighbour.cap)})`,
      `${s.noisyNeighbour.deferrals} waits, ${s.noisyNeighbour.waitsPerTenantDelivery} per tenant delivery`,
      `≤ cap ${mark(s.noisyNeighbour.maxInFlightPerSlowEndpoint <= s.noisyNeighbour.cap)}`,
    ],
    [
      "5 Failing endpoints (10 % answer 500): healthy deliveries",
      `${s.failingEndpoints.steady.delivered}/s; ${ms(s.failingEndpoints.steady.latency)}`,
      `${s.failingEndpoints.healthyVsScenario2} × scenario 2`,
      "",
    ],
    [
      "5 Backlog (pending) / drain after recovery",
      `healthy ≤ ${s.failingEndpoints.backlog.maxHealthy}, failing ≤ ${s.failingEndpoints.backlog.maxFailing}`,
      `${s.failingEndpoints.drain.pendingAtRecovery} drained in ${s.failingEndpoints.drain.seconds} s`,
      "",
    ],
  ];
  const hb = r.hostileBodies;
  rows.push([
    `7 Event-loop delay, worst hostile body of MAX_PAYLOAD_BYTES (${hb.maxPayloadBytes / 1024} KiB, × ${hb.repeats})`,
    `${hb.worst.lagMaxMs} ms (${hb.worst.name} → ${hb.worst.status})`,
    `1 KB body ${hb.baseline.lagMaxMs} ms; ${hb.bodies.map((body) => `${body.name} ${body.lagMaxMs}`).join(", ")} ms; /healthz max ${Math.max(...hb.bodies.map((body) => body.healthzMaxMs))} ms`,
    target("Event-loop"),
  ]);
  const rt = r.retention;
  const mb = (sizes: Record<string, number>) =>
    `${Object.values(sizes)
      .reduce((sum, size) => sum + size, 0)
      .toFixed(0)} MB`;
  rows.push([
    `8 Retention pass dropping ${rt.droppedPartitions} partitions (${rt.rows.attempts} attempts) under ${rt.withPass.offered}/s ingest`,
    `${rt.passMs} ms; ingest p99 ${rt.withPass.apiLatency.p99Ms} ms (${rt.p99Ratio} × without)`,
    `without ${rt.withoutPass.apiLatency.p99Ms} ms; tables ${mb(rt.mbBefore)} → ${mb(rt.mbAfter)}`,
    target("Retention"),
  ]);
  const policy = r.policy;
  rows.push([
    `9 A webhook at rate_limit_per_second ${policy.throttle.configured} under a backlog of ${policy.throttle.events}`,
    `${policy.throttle.observed}/s (${policy.throttle.ratio} × configured)`,
    `ordered: one webhook drains ${policy.ordered.events} events at ${policy.ordered.orderedRate}/s vs ${policy.ordered.unorderedRate}/s unordered (${policy.ordered.ratio} ×)`,
    target("A webhook's rate_limit_per_second"),
  ]);
  if (s.soak) {
    const { start: a, end: e } = s.soak;
    rows.push([
      `6 Soak ${s.soak.durationS / 60} min at ${s.soak.steady.offered}/s: RSS api / worker, Redis used (floor of first → last quarter)`,
      `${a.apiRssMb}→${e.apiRssMb} / ${a.workerRssMb}→${e.workerRssMb} MB, ${a.redisUsedMb}→${e.redisUsedMb} MB`,
      `heap ${a.apiHeapMb}→${e.apiHeapMb} / ${a.workerHeapMb}→${e.workerHeapMb} MB; ${ms(s.soak.steady.latency)}`,
      target("Soak"),
    ]);
  }
  const ledgers = Object.entries(s).filter(([, v]) => v !== undefined) as [
    string,
    { ledger: { published: number; missing: number; duplicates: number; balanced: boolean } },
  ][];
  const published = ledgers.reduce((sum, [, v]) => sum + v.ledger.published, 0);
  const duplicates = ledgers.reduce((sum, [, v]) => sum + v.ledger.duplicates, 0);
  rows.push([
    "Ledgers: published = delivered + failed, missing 0",
    `${published} deliveries, ${duplicates} duplicates`,
    "",
    mark(r.ledgersBalanced),
  ]);
  return alignedTable(["Measure", "Value", "Ratio / detail", "Target"], rows);
}

// Columns padded to equal display width (emoji such as ✅ take two), as the repo's Markdown
// formatter (Biome) writes tables, so the README it rewrites stays lint-clean.
function alignedTable(header: string[], rows: string[][]): string {
  const width = (text: string) =>
    [...text].reduce((sum, char) => sum + (/\p{Emoji_Presentation}/u.test(char) ? 2 : 1), 0);
  const widths = header.map((title, i) => Math.max(width(title), ...rows.map((row) => width(row[i] ?? ""))));
  const line = (cells: string[]) =>
    `| ${cells.map((cell, i) => cell + " ".repeat(widths[i]! - width(cell))).join(" | ")} |`;
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

export function gitState(): { sha: string; dirty: boolean } {
  try {
    const sha = execFileSync("git", ["rev-parse", "--short", "HEAD"], {
      cwd: repoRoot,
      encoding: "utf8",
    }).trim();
    const status = execFileSync(
      "git",
      ["status", "--porcelain", "--", ".", ":!bench/results", ":!README.md"],
      {
        cwd: repoRoot,
        encoding: "utf8",
      },
    );
    return { sha, dirty: status.trim().length > 0 };
  } catch {
    return { sha: "unknown", dirty: true };
  }
}

// Written to a .tmp file first (gitignored) and renamed, so a partial file never appears.
export function writeResults(r: BenchResults): string {
  const dir = join(repoRoot, "bench", "results");
  mkdirSync(dir, { recursive: true });
  const name = `${r.startedAt.slice(0, 10)}-${r.git.sha}${r.mode === "quick" ? "-quick" : ""}.json`;
  const path = join(dir, name);
  writeFileSync(`${path}.tmp`, `${JSON.stringify(r, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
  return path;
}

const START = "<!-- bench:start -->";
const END = "<!-- bench:end -->";

// Replaces what is between the markers; false when the README has none.
export function updateReadme(r: BenchResults, resultsPath: string): boolean {
  const path = join(repoRoot, "README.md");
  const readme = readFileSync(path, "utf8");
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start === -1 || end < start) return false;
  const section = [
    START,
    `Latest full run (${r.startedAt.slice(0, 10)}, \`${resultsPath.slice(repoRoot.length)}\`) on ${machineLine(r)}.`,
    "",
    resultsTable(r),
    "",
    "Where time goes (scenario 2 at 70 % of capacity, and the profiling run):",
    "",
    ...whereTimeGoesLines(r, 5).map((line) => `- ${line}`),
    END,
  ].join("\n");
  writeFileSync(path, readme.slice(0, start) + section + readme.slice(end + END.length));
  // The repo's formatter has the last word on Markdown (escapes, table padding), so the lint
  // in npm test stays clean after every full run.
  spawnSync(join(repoRoot, "node_modules/.bin/biome"), ["format", "--write", "README.md"], {
    cwd: repoRoot,
    stdio: "ignore",
  });
  return true;
}
