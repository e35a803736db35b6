// Herald's api or worker with extra Node flags (--cpu-prof): startHeraldApp (local-stack)
// spawns `node --import tsx apps/<role>/src/main.ts` and NODE_OPTIONS may not carry
// --cpu-prof, so the profiling run spawns the apps itself, the same way otherwise. The
// profile is written when the app exits after SIGTERM.
import { spawn } from "node:child_process";
import { freePort, type HeraldRole, repoRoot, waitFor } from "@herald/local-stack";

// What the bench needs of a running app; local-stack's HeraldApp has all of it too.
export interface BenchApp {
  role: HeraldRole;
  url: string;
  pid: number;
  stop(graceMs?: number): Promise<number | null>;
}

export async function startProfiledApp(
  role: HeraldRole,
  env: Record<string, string>,
  nodeArgs: string[],
): Promise<BenchApp> {
  const portVariable = role === "api" ? "PORT" : "WORKER_PORT";
  const port = String(await freePort());
  const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", `apps/${role}/src/main.ts`], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? "", ...env, [portVariable]: port },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const lines: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding("utf8");
    stream.on("data", (chunk: string) => {
      lines.push(...chunk.split("\n").filter(Boolean));
      if (lines.length > 200) lines.splice(0, lines.length - 200);
    });
  }
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const stop = async (graceMs = 15_000) => {
    if (child.exitCode !== null || child.signalCode !== null) return exited;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    try {
      return await exited;
    } finally {
      clearTimeout(timer);
    }
  };
  const app: BenchApp = { role, url: `http://127.0.0.1:${port}`, pid: child.pid ?? -1, stop };
  try {
    await waitFor(`${role} /readyz`, async () => {
      if (child.exitCode !== null) throw new Error(`${role} exited: ${lines.slice(-5).join(" | ")}`);
      return (await fetch(`${app.url}/readyz`)).ok;
    });
  } catch (error) {
    await stop(1000);
    throw error;
  }
  return app;
}
