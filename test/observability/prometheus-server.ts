import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

export interface ScrapeTarget {
  job: string;
  target: string; // host:port
}

export interface RunningPrometheus {
  url: string;
  query(expr: string): Promise<PromSample[]>;
  stop(): Promise<void>;
}

export interface PromSample {
  metric: Record<string, string>;
  value: [number, string];
}

/**
 * A real Prometheus server (Debian's `prometheus` package) on a loopback port with a
 * throwaway data directory, scraping the given targets every second and loading the
 * given rule files.
 */
export async function startPrometheus(options: {
  port: number;
  targets: ScrapeTarget[];
  ruleFiles?: string[];
}): Promise<RunningPrometheus> {
  const dir = mkdtempSync(path.join(tmpdir(), "herald-prometheus-"));
  const jobs = new Map<string, string[]>();
  for (const { job, target } of options.targets) jobs.set(job, [...(jobs.get(job) ?? []), target]);
  const config = [
    "global:",
    "  scrape_interval: 1s",
    "  scrape_timeout: 1s",
    "  evaluation_interval: 1s",
    "rule_files:",
    ...(options.ruleFiles ?? []).map((file) => `  - ${JSON.stringify(file)}`),
    "scrape_configs:",
    ...[...jobs].flatMap(([job, targets]) => [
      `  - job_name: ${job}`,
      "    static_configs:",
      `      - targets: ${JSON.stringify(targets)}`,
    ]),
  ].join("\n");
  const configFile = path.join(dir, "prometheus.yml");
  writeFileSync(configFile, `${config}\n`);

  const url = `http://127.0.0.1:${options.port}`;
  let output = "";
  const child: ChildProcess = spawn(
    "prometheus",
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${path.join(dir, "data")}`,
      `--web.listen-address=127.0.0.1:${options.port}`,
      "--log.level=warn",
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      await Promise.race([exited, sleep(5000).then(() => child.kill("SIGKILL"))]);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`prometheus exited with ${child.exitCode}: ${output}`);
    }
    const ready = await fetch(`${url}/-/ready`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`prometheus did not become ready: ${output}`);
    }
    await sleep(100);
  }

  return {
    url,
    stop,
    async query(expr) {
      const response = await fetch(`${url}/api/v1/query?${new URLSearchParams({ query: expr })}`);
      const body = (await response.json()) as {
        status: string;
        error?: string;
        data?: { resultType: string; result: PromSample[] | [number, string] };
      };
      if (body.status !== "success" || !body.data) throw new Error(`query failed: ${expr}: ${body.error}`);
      // Scalars come back as one [time, value] pair; present them as a one-sample vector.
      if (body.data.resultType === "scalar") {
        return [{ metric: {}, value: body.data.result as [number, string] }];
      }
      return body.data.result as PromSample[];
    },
  };
}
