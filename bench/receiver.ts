// The bench's side of the receiver process (receiver-process.ts).
import { startChild } from "./child-process.js";
import type { ClassSnapshot, NamespaceSnapshot } from "./receiver-process.js";

export type { ClassSnapshot, NamespaceSnapshot };

export interface BenchReceiver {
  url: string;
  // The same receiver on another port: another destination to Herald.
  otherUrl: string;
  pid: number;
  snapshot(ns: string): Promise<NamespaceSnapshot>;
  // Record latency only for payloads whose scheduled send time falls in [from, to).
  window(ns: string, from: number, to: number): Promise<void>;
  // hang and fail endpoints of the namespace answer 200 from now on (held requests too).
  recover(ns: string): Promise<void>;
  forget(ns: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startBenchReceiver(): Promise<BenchReceiver> {
  const child = await startChild<{ port: number; otherPort: number }>(
    "receiver",
    "bench/receiver-process.ts",
  );
  return {
    url: `http://127.0.0.1:${child.ready.port}`,
    otherUrl: `http://127.0.0.1:${child.ready.otherPort}`,
    pid: child.pid,
    snapshot: (ns) => child.call("snapshot", { ns }),
    window: (ns, from, to) => child.call("window", { ns, from, to }),
    recover: (ns) => child.call("recover", { ns }),
    forget: (ns) => child.call("forget", { ns }),
    stop: child.stop,
  };
}

const EMPTY: ClassSnapshot = {
  requests: 0,
  answered2xx: 0,
  unique: 0,
  duplicates: 0,
  latencyCount: 0,
  p50Ms: 0,
  p90Ms: 0,
  p99Ms: 0,
  maxMs: 0,
  firstAt: 0,
  lastAt: 0,
  perSecond: [],
};

export function classOf(snapshot: NamespaceSnapshot, name: string): ClassSnapshot {
  return snapshot.classes[name] ?? EMPTY;
}

export function uniqueDelivered(snapshot: NamespaceSnapshot): number {
  return Object.values(snapshot.classes).reduce((sum, c) => sum + c.unique, 0);
}

export function duplicates(snapshot: NamespaceSnapshot): number {
  return Object.values(snapshot.classes).reduce((sum, c) => sum + c.duplicates, 0);
}
