import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { killOnExit } from "./kill-on-exit.js";
import { freePort, waitFor } from "./ports.js";

export const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

export type HeraldRole = "api" | "worker";

export interface HeraldApp {
  role: HeraldRole;
  url: string;
  // Where /metrics is: the worker's own port; the API's separate API_METRICS_PORT.
  metricsUrl: string;
  pid: number;
  // The process's output so far, one line per entry (for assertions and failure reports).
  output(): string[];
  running(): boolean;
  // SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code (null when killed).
  stop(graceMs?: number): Promise<number | null>;
  kill(): Promise<void>;
  exited: Promise<number | null>;
}

export interface HeraldAppOptions {
  // Prefix each output line and pass it on (dev shows interleaved logs this way).
  onLine?: (line: string) => void;
  readyTimeoutMs?: number;
  // Wait for /readyz (default) or only for /healthz (when a dependency is meant to be down).
  waitFor?: "ready" | "healthy";
  // Run the production bundle (apps/<role>/dist/main.js, `npm run build`) instead of the source.
  bundled?: boolean;
  // Or these node arguments (e.g. the test suite's bundle of the app) instead of the source.
  entry?: string[];
  // Extra flags for node itself, e.g. --cpu-prof (NODE_OPTIONS may not carry them).
  nodeArgs?: string[];
}

const portVariable: Record<HeraldRole, string> = { api: "PORT", worker: "WORKER_PORT" };

// Runs an app from source (tsx) as its own process, on a free port unless env names one.
export async function startHeraldApp(
  role: HeraldRole,
  env: Record<string, string>,
  options: HeraldAppOptions = {},
): Promise<HeraldApp> {
  // A port we pick is free when picked, not necessarily when the app binds it: with several
  // suites on one machine another process can take it in between. The app then exits with
  // EADDRINUSE, and it is started again on other ports (only when we picked them all).
  const picksPorts = env[portVariable[role]] === undefined && (role !== "api" || !env.API_METRICS_PORT);
  for (let attempt = 1; ; attempt++) {
    try {
      return await launch(role, env, options);
    } catch (error) {
      if (!(error instanceof PortTakenError) || !picksPorts || attempt === 3) throw error;
    }
  }
}

class PortTakenError extends Error {}

async function launch(
  role: HeraldRole,
  env: Record<string, string>,
  options: HeraldAppOptions,
): Promise<HeraldApp> {
  const port = env[portVariable[role]] ?? String(await freePort());
  const metricsPort = role === "api" ? (env.API_METRICS_PORT ?? String(await freePort())) : port;
  const entry = options.bundled
    ? [`apps/${role}/dist/main.js`]
    : (options.entry ?? ["--import", "tsx", `apps/${role}/src/main.ts`]);
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...entry], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH ?? "",
      ...env,
      [portVariable[role]]: port,
      ...(role === "api" ? { API_METRICS_PORT: metricsPort } : {}),
    },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group: a Ctrl-C in the terminal reaches only the parent, which stops it.
    detached: true,
  });
  killOnExit(child);
  const lines: string[] = [];
  const exited = collect(child, lines, options.onLine);
  const url = `http://127.0.0.1:${port}`;
  const app: HeraldApp = {
    role,
    url,
    metricsUrl: `http://127.0.0.1:${metricsPort}`,
    pid: child.pid ?? -1,
    output: () => lines,
    running: () => child.exitCode === null && child.signalCode === null,
    exited,
    stop: (graceMs = 30_000) => stopProcess(child, exited, graceMs),
    kill: async () => {
      child.kill("SIGKILL");
      await exited;
    },
  };
  const path = options.waitFor === "healthy" ? "/healthz" : "/readyz";
  // An app that exits while starting fails the start at once, not after the whole timeout.
  const died = exited.then((code) => Promise.reject(new Error(`${role} exited with code ${code}`)));
  died.catch(() => {});
  try {
    await Promise.race([
      died,
      // The API listens twice; it is started only when both answer (either may lose its port).
      waitFor(
        `${role} ${path} at ${url}`,
        async () =>
          (await fetch(`${url}${path}`)).ok &&
          (role !== "api" || (await fetch(`${app.metricsUrl}/metrics`)).ok),
        { timeoutMs: options.readyTimeoutMs ?? 30_000 },
      ),
    ]);
  } catch (error) {
    await app.stop(1000);
    const message = `${(error as Error).message}\n--- ${role} output ---\n${lines.slice(-30).join("\n")}`;
    throw lines.some((line) => line.includes("EADDRINUSE"))
      ? new PortTakenError(message)
      : new Error(message);
  }
  return app;
}

function collect(
  child: ChildProcess,
  lines: string[],
  onLine?: (line: string) => void,
): Promise<number | null> {
  for (const stream of [child.stdout, child.stderr]) {
    let partial = "";
    stream?.setEncoding("utf8");
    stream?.on("data", (chunk: string) => {
      const parts = (partial + chunk).split("\n");
      partial = parts.pop() ?? "";
      for (const line of parts) {
        if (lines.length > 5000) lines.shift();
        lines.push(line);
        onLine?.(line);
      }
    });
  }
  // "close": the output is all read by then (an EADDRINUSE line included).
  return new Promise((resolve) => child.once("close", (code) => resolve(code)));
}

async function stopProcess(
  child: ChildProcess,
  exited: Promise<number | null>,
  graceMs: number,
): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return exited;
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  try {
    return await exited;
  } finally {
    clearTimeout(timer);
  }
}
