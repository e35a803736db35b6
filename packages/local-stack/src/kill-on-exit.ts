import type { ChildProcess } from "node:child_process";

// Processes this one started run in their own process groups (so a Ctrl-C reaches only us),
// which also means nothing stops them if we die first. Whatever is still running when this
// process exits gets a signal, so a crashed test or script leaves nothing behind.
const running = new Map<ChildProcess, NodeJS.Signals>();

process.once("exit", () => {
  for (const [child, signal] of running) child.kill(signal);
});

export function killOnExit(child: ChildProcess, signal: NodeJS.Signals = "SIGKILL"): void {
  running.set(child, signal);
  child.once("exit", () => running.delete(child));
}
