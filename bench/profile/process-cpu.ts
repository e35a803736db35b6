// CPU time per process of the stack, from /proc (Linux): which process the machine's two
// cores went to while a scenario ran, and how many CPU milliseconds one delivery costs in each.
import { readdirSync, readFileSync } from "node:fs";
import { round } from "../log.js";
import { cpuTicks } from "../machine.js";

export interface ProcessGroups {
  api: number[];
  worker: number[];
  receiver: number[];
  generator: number[];
  redisPort: number;
  postgresPort: number;
}

interface ProcInfo {
  pid: number;
  ppid: number;
  ticks: number;
  cmdline: string;
}

const TICKS_PER_SECOND = 100;

function readProcesses(): ProcInfo[] {
  const list: ProcInfo[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // The command name is in parentheses and may contain spaces: split after it.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8").replaceAll("\0", " ");
      list.push({
        pid: Number(entry),
        ppid: Number(fields[1]),
        ticks: Number(fields[11]) + Number(fields[12]),
        cmdline,
      });
    } catch {
      // Gone between listing and reading.
    }
  }
  return list;
}

// Per group, CPU ticks per process id: deltas are taken per process, because a process can
// end between two snapshots (an idle Postgres connection closed by its pool) and its ticks
// must not come off the group's total. Work done by a process that ended in between is lost.
export type CpuSnapshot = Map<string, Map<number, number>>;

export function cpuSnapshot(groups: ProcessGroups): CpuSnapshot {
  const processes = readProcesses();
  const byPid = new Map(processes.map((p) => [p.pid, p]));
  const sum = (pids: number[]) => new Map(pids.map((pid) => [pid, byPid.get(pid)?.ticks ?? 0]));
  const postmaster = processes.find(
    (p) => /postgres/.test(p.cmdline) && p.cmdline.includes(` -p ${groups.postgresPort} `),
  );
  const postgres = postmaster
    ? processes.filter((p) => p.pid === postmaster.pid || p.ppid === postmaster.pid).map((p) => p.pid)
    : [];
  const redis = processes
    .filter((p) => p.cmdline.includes("redis-server") && p.cmdline.includes(`:${groups.redisPort}`))
    .map((p) => p.pid);
  return new Map([
    ["machine", new Map([[0, machineBusyTicks()]])],
    ["api", sum(groups.api)],
    ["worker", sum(groups.worker)],
    ["postgres", sum(postgres)],
    ["redis", sum(redis)],
    ["receiver", sum(groups.receiver)],
    ["load generator", sum(groups.generator)],
  ]);
}

// Every CPU's busy time (all but idle and iowait).
function machineBusyTicks(): number {
  const ticks = cpuTicks();
  return ticks ? ticks.total - ticks.idle : 0;
}

export interface CpuShare {
  process: string;
  // Share of one core over the window, in %.
  corePercent: number;
  cpuMsPerDelivery: number;
}

// Per process, plus "other": machine busy time no process of the stack accounts for (kernel
// threads, softirq work of loopback networking, and anything else running on the machine).
export function cpuBetween(before: CpuSnapshot, after: CpuSnapshot, seconds: number, deliveries: number) {
  const used = (name: string) => {
    const earlier = before.get(name) ?? new Map<number, number>();
    let ticks = 0;
    for (const [pid, now] of after.get(name) ?? []) ticks += Math.max(0, now - (earlier.get(pid) ?? 0));
    return ticks / TICKS_PER_SECOND;
  };
  const share = (name: string, value: number): CpuShare => ({
    process: name,
    corePercent: round((value / seconds) * 100),
    cpuMsPerDelivery: round((value * 1000) / Math.max(1, deliveries), 3),
  });
  const shares = [...after.keys()]
    .filter((name) => name !== "machine")
    .map((name) => share(name, used(name)));
  const ours = [...after.keys()]
    .filter((name) => name !== "machine")
    .reduce((sum, name) => sum + used(name), 0);
  shares.sort((a, b) => b.corePercent - a.corePercent);
  shares.push(share("other", Math.max(0, used("machine") - ours)));
  return shares;
}

// CPU ms per delivery of the named processes, by name (0 for one that did not run).
export function cpuMsByProcess<Name extends string>(cpu: CpuShare[], names: readonly Name[]) {
  const row = {} as Record<Name, number>;
  for (const name of names) row[name] = cpu.find((c) => c.process === name)?.cpuMsPerDelivery ?? 0;
  return row;
}
