// Helper processes of the bench (receiver, baseline clients, the empty Express app) run as
// their own Node processes, as Herald's apps do, so none of them shares an event loop with the
// load generator. They talk to the bench over Node's IPC channel: one request, one answer.
import { type ChildProcess, spawn } from "node:child_process";
import { repoRoot } from "@herald/local-stack";
import { onCleanup } from "./cleanup.js";
import type { IpcAnswer, IpcRequest } from "./processes/ipc.js";

export interface BenchChild<Ready> {
  pid: number;
  ready: Ready;
  call<T>(command: string, args?: unknown): Promise<T>;
  stop(): Promise<void>;
}

export async function startChild<Ready>(
  name: string,
  script: string,
  options: { args?: string[]; env?: Record<string, string>; readyTimeoutMs?: number } = {},
): Promise<BenchChild<Ready>> {
  const child = spawn(process.execPath, ["--import", "tsx", script, ...(options.args ?? [])], {
    cwd: repoRoot,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    // Own process group: Ctrl-C reaches only the bench, which stops this in order.
    detached: true,
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const stop = onCleanup(name, () => stopChild(child, exited));
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let readyResolve: (value: Ready) => void = () => {};
  const readyPromise = new Promise<Ready>((resolve) => {
    readyResolve = resolve;
  });
  child.on("message", (message: IpcAnswer & { ready?: Ready }) => {
    if (message.ready !== undefined) return readyResolve(message.ready);
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    if (message.error !== undefined) waiter.reject(new Error(`${name}: ${message.error}`));
    else waiter.resolve(message.result);
  });
  void exited.then((code) => {
    for (const waiter of pending.values()) waiter.reject(new Error(`${name} exited with code ${code}`));
    pending.clear();
  });
  const ready = await Promise.race([
    readyPromise,
    exited.then((code) => {
      throw new Error(`${name} exited with code ${code} before it was ready`);
    }),
    new Promise<never>((_, reject) =>
      setTimeout(
        () => reject(new Error(`${name} not ready in time`)),
        options.readyTimeoutMs ?? 30_000,
      ).unref(),
    ),
  ]).catch(async (error: Error) => {
    await stop();
    throw error;
  });
  return {
    pid: child.pid ?? -1,
    ready,
    call<T>(command: string, args?: unknown): Promise<T> {
      const id = nextId++;
      const request: IpcRequest = { id, command, args };
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        child.send(request);
      });
    },
    stop,
  };
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}
