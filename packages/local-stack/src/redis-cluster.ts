// A real Redis Cluster on loopback for tests: N masters (redis-server --cluster-enabled yes),
// joined and given every slot by `redis-cli --cluster create`, no replicas.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { killOnExit } from "./kill-on-exit.js";
import { freePort, waitFor } from "./ports.js";
import { ensureRedisServer } from "./redis.js";

const run = promisify(execFile);

export interface LocalRedisCluster {
  // REDIS_CLUSTER_NODES for the apps: host:port of every master.
  nodes: string;
  ports: number[];
  // Runs redis-cli against one node (`-c` follows redirections) and returns its output.
  cli(port: number, ...args: string[]): Promise<string>;
  stop(): Promise<void>;
}

export async function startRedisCluster(options: { masters?: number } = {}): Promise<LocalRedisCluster> {
  const binary = ensureRedisServer();
  const masters = options.masters ?? 3;
  const dir = await mkdtemp(join(tmpdir(), "herald-redis-cluster-"));
  const children: ChildProcess[] = [];
  const ports: number[] = [];
  const cli = async (port: number, ...args: string[]) =>
    (await run("redis-cli", ["-p", String(port), ...args], { encoding: "utf8" })).stdout;

  const stop = async () => {
    await Promise.all(
      children.map((child) =>
        child.exitCode === null && child.signalCode === null
          ? new Promise((resolve) => {
              child.once("exit", resolve);
              child.kill("SIGTERM");
            })
          : undefined,
      ),
    );
    await rm(dir, { recursive: true, force: true });
  };

  try {
    for (let i = 0; i < masters; i++) {
      // The cluster bus gets a port of its own (not port + 10000, which may be taken).
      const [port, busPort] = [await freePort(), await freePort()];
      ports.push(port);
      const child = spawn(
        binary,
        [
          "--port",
          String(port),
          "--cluster-port",
          String(busPort),
          "--bind",
          "127.0.0.1",
          "--cluster-enabled",
          "yes",
          "--cluster-config-file",
          join(dir, `nodes-${port}.conf`),
          "--cluster-node-timeout",
          "5000",
          "--dir",
          dir,
          "--save",
          "",
          "--appendonly",
          "no",
          "--maxmemory-policy",
          "noeviction",
        ],
        { detached: true, stdio: "ignore" },
      );
      killOnExit(child, "SIGTERM");
      children.push(child);
    }
    for (const port of ports)
      await waitFor(
        `cluster node on port ${port}`,
        async () => (await cli(port, "ping").catch(() => "")).trim() === "PONG",
      );
    await run(
      "redis-cli",
      [
        "--cluster",
        "create",
        ...ports.map((port) => `127.0.0.1:${port}`),
        "--cluster-replicas",
        "0",
        "--cluster-yes",
      ],
      { encoding: "utf8" },
    );
    // Every node must know every slot's owner before clients connect.
    for (const port of ports)
      await waitFor(`cluster state ok on port ${port}`, async () =>
        (await cli(port, "cluster", "info")).includes("cluster_state:ok"),
      );
  } catch (error) {
    await stop();
    throw error;
  }
  return { nodes: ports.map((port) => `127.0.0.1:${port}`).join(","), ports, cli, stop };
}
