import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createConnection } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { killOnExit } from "./kill-on-exit.js";
import { freePort, waitFor } from "./ports.js";

export interface LocalRedis {
  url: string;
  // Stops the server; `start` brings it back on the same port (with its AOF, if enabled).
  pause(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface RedisOptions {
  // Append-only file, fsynced every second, as in production (outage tests restart with it).
  appendOnly?: boolean;
  log?: (line: string) => void;
}

// Finds redis-server, installing Debian's package when missing and allowed (root with apt-get).
export function ensureRedisServer(log: (line: string) => void = () => {}): string {
  if (hasCommand("redis-server")) return "redis-server";
  if (userInfo().uid === 0 && hasCommand("apt-get")) {
    log("redis-server is missing; installing it with apt-get (Debian package redis-server)");
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    const update = spawnSync("apt-get", ["update", "-qq"], { stdio: "ignore", env });
    const install = spawnSync(
      "apt-get",
      ["install", "-y", "-qq", "--no-install-recommends", "redis-server"],
      {
        stdio: "ignore",
        env,
      },
    );
    if (update.status === 0 && install.status === 0 && hasCommand("redis-server")) return "redis-server";
  }
  throw new Error(
    "redis-server is not installed. Install it (Debian/Ubuntu: sudo apt-get install redis-server; " +
      "macOS: brew install redis) or set REDIS_URL to a running Redis.",
  );
}

function hasCommand(command: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;
}

export async function startLocalRedis(options: RedisOptions = {}): Promise<LocalRedis> {
  const binary = ensureRedisServer(options.log);
  const dir = await mkdtemp(join(tmpdir(), "herald-redis-"));
  const port = await freePort();
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", ""];
  args.push("--maxmemory-policy", "noeviction");
  args.push(
    ...(options.appendOnly ? ["--appendonly", "yes", "--appendfsync", "everysec"] : ["--appendonly", "no"]),
  );
  let child: ChildProcess | undefined;

  const start = async () => {
    if (child) return;
    const started = spawn(binary, args, { detached: true, stdio: ["ignore", "pipe", "pipe"] });
    child = started;
    killOnExit(started, "SIGTERM");
    started.on("exit", () => {
      if (child === started) child = undefined;
    });
    for (const stream of [started.stdout, started.stderr]) {
      stream?.on("data", (chunk: Buffer) => options.log?.(chunk.toString("utf8").trimEnd()));
    }
    await waitFor(`redis-server on port ${port}`, async () => {
      if (child !== started) throw new Error("redis-server exited during start");
      return (await ping(port)) || undefined;
    });
  };

  const pause = async () => {
    const running = child;
    if (!running) return;
    const exited = new Promise((resolve) => running.once("exit", resolve));
    running.kill("SIGTERM");
    await exited;
  };

  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    pause,
    start,
    async stop() {
      await pause();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: "127.0.0.1" });
    socket.setTimeout(1000);
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.once("data", (data) => {
      socket.destroy();
      resolve(data.toString().startsWith("+PONG"));
    });
    socket.once("error", () => resolve(false));
    socket.once("timeout", () => {
      socket.destroy();
      resolve(false);
    });
  });
}
