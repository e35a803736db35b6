// The machine line printed with every result: without it a figure means nothing.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { closeSync, fsyncSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { sleep } from "./log.js";
import { withRedis } from "./profile/counters.js";
import type { BenchStack } from "./stack.js";

export interface Machine {
  cores: number;
  cpuModel: string;
  memoryGb: number;
  kernel: string;
  node: string;
  redis: string;
  postgres: string;
  durability: string;
  // Median time of one 8 KB write + fsync in the temporary directory Postgres's data lives in:
  // every commit waits for one (group commit shares it), so ingest moves with the disk.
  fsyncMedianMs: number;
  // Share of CPU idle over one second before the bench started: another job on the machine
  // makes every figure lower, and this says whether one was running.
  idleBeforeStartPercent: number;
  // A fixed CPU-bound workload (JSON and SHA-256 over 1 KB, 20 000 times) timed at the start
  // and the end of the run. This VM's speed moves by up to 2× between runs (all baselines move
  // with it); comparing this figure says whether two runs had the same machine underneath.
  calibrationMs: { start: number; end: number };
  loadAverage: number[];
}

export async function describeMachine(
  stack: BenchStack,
  idleBeforeStartPercent: number,
  calibrationStartMs: number,
): Promise<Machine> {
  const { rows } = await stack.observer.query<{ version: string; fsync: string; sync: string }>(
    "SELECT current_setting('server_version') AS version, current_setting('fsync') AS fsync, current_setting('synchronous_commit') AS sync",
  );
  const settings = rows[0]!;
  const redisInfo = await withRedis(stack.redisUrl, (redis) => redis.info("server"));
  const persistence = await withRedis(stack.redisUrl, (redis) => redis.config("GET", "appendfsync"));
  return {
    cores: os.availableParallelism(),
    cpuModel: cpuModel(),
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    kernel: os.release(),
    node: process.version,
    redis: /redis_version:(\S+)/.exec(redisInfo)?.[1] ?? "unknown",
    postgres: settings.version,
    durability:
      `Postgres fsync=${settings.fsync}, synchronous_commit=${settings.sync}; ` +
      `Redis appendonly, appendfsync=${(persistence as string[])[1] ?? "?"}`,
    fsyncMedianMs: fsyncMedianMs(),
    idleBeforeStartPercent,
    calibrationMs: { start: calibrationStartMs, end: calibrationStartMs },
    loadAverage: os.loadavg().map((value) => Math.round(value * 100) / 100),
  };
}

function cpuModel(): string {
  const model = os.cpus()[0]?.model ?? "unknown";
  try {
    // Some hypervisors report only a family name; lscpu may know more.
    const lscpu = execFileSync("lscpu", { encoding: "utf8" });
    const name = /^Model name:\s*(.+)$/m.exec(lscpu)?.[1]?.trim();
    const hypervisor = /^Hypervisor vendor:\s*(.+)$/m.exec(lscpu)?.[1]?.trim();
    return `${name ?? model}${hypervisor ? ` (${hypervisor} VM)` : ""}`;
  } catch {
    return model;
  }
}

export function calibrate(): number {
  const payload = { id: "00000000-0000-4000-8000-000000000000", data: { pad: "x".repeat(900), seq: 1 } };
  const started = performance.now();
  for (let i = 0; i < 20_000; i++) {
    payload.data.seq = i;
    const text = JSON.stringify(payload);
    createHash("sha256").update(text).digest("hex");
    JSON.parse(text);
  }
  return Math.round(performance.now() - started);
}

function fsyncMedianMs(count = 100): number {
  const dir = mkdtempSync(join(os.tmpdir(), "herald-bench-fsync-"));
  const fd = openSync(join(dir, "probe"), "w");
  const block = Buffer.alloc(8192, 1);
  const times: number[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const started = performance.now();
      writeSync(fd, block);
      fsyncSync(fd);
      times.push(performance.now() - started);
    }
  } finally {
    closeSync(fd);
    rmSync(dir, { recursive: true, force: true });
  }
  times.sort((a, b) => a - b);
  return Math.round((times[Math.floor(count / 2)] ?? 0) * 1000) / 1000;
}

// All CPUs' idle (idle + iowait) and total ticks from /proc/stat's first line (Linux).
export function cpuTicks(): { idle: number; total: number } | undefined {
  try {
    const fields = readFileSync("/proc/stat", "utf8")
      .split("\n")[0]!
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    return { idle: (fields[3] ?? 0) + (fields[4] ?? 0), total: fields.reduce((a, b) => a + b, 0) };
  } catch {
    return undefined;
  }
}

// Whole-machine CPU idle share over `ms`; 100 where /proc/stat is unavailable.
export async function idlePercent(ms = 1000): Promise<number> {
  const a = cpuTicks();
  await sleep(ms);
  const b = cpuTicks();
  if (!a || !b || b.total === a.total) return 100;
  return Math.round(((b.idle - a.idle) / (b.total - a.total)) * 100);
}
