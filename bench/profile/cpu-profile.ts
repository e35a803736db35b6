// Reads V8 .cpuprofile files (node --cpu-prof) and says where the CPU went: self time per
// function and per area (an npm package, a Herald package, a Node core module, GC).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { round } from "../log.js";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  startTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileEntry {
  name: string;
  percent: number;
}

export interface ProfileSummary {
  files: number;
  busyMs: number;
  // Share of the profiled time the process was not idle.
  busyPercent: number;
  byArea: ProfileEntry[];
  topFunctions: ProfileEntry[];
}

function area(frame: ProfileNode["callFrame"]): string {
  const { url, functionName } = frame;
  if (functionName === "(garbage collector)") return "GC";
  if (functionName === "(program)") return "(program: V8 and native, not attributed)";
  if (!url) return "(native)";
  const modules = url.lastIndexOf("/node_modules/");
  if (modules !== -1) {
    const parts = url.slice(modules + "/node_modules/".length).split("/");
    return parts[0]?.startsWith("@") ? `${parts[0]}/${parts[1]}` : (parts[0] ?? url);
  }
  const herald = /\/(packages|apps)\/([^/]+)\//.exec(url);
  if (herald) return herald[1] === "packages" ? `@herald/${herald[2]}` : `apps/${herald[2]}`;
  if (url.startsWith("node:")) {
    const name =
      url
        .slice(5)
        .replace(/^internal\//, "")
        .split("/")[0] ?? "";
    return `node:${name.replace(/^_/, "").replace(/_.*$/, "")}`;
  }
  return url;
}

function where(frame: ProfileNode["callFrame"]): string {
  const url = frame.url.replace(/^.*\/node_modules\//, "").replace(/^file:\/\/.*?\/(packages|apps)\//, "$1/");
  return url ? `${url}:${frame.lineNumber + 1}` : "";
}

// The current time on the clock V8 stamps profiles with (CLOCK_MONOTONIC, µs, system-wide on
// Linux): the bench marks the measured window with it to leave out startup and shutdown.
export function profileClockUs(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

export function summarizeProfiles(
  dir: string,
  window: { fromUs: number; toUs: number },
): ProfileSummary | undefined {
  let files: string[];
  try {
    files = readdirSync(dir).filter((name) => name.endsWith(".cpuprofile"));
  } catch {
    return undefined;
  }
  if (files.length === 0) return undefined;
  const byArea = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const file of files) {
    const profile = JSON.parse(readFileSync(join(dir, file), "utf8")) as CpuProfile;
    const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
    let at = profile.startTime;
    profile.samples.forEach((id, index) => {
      const delta = profile.timeDeltas[index] ?? 0;
      at += delta;
      if (at < window.fromUs || at > window.toUs) return;
      const frame = nodes.get(id)?.callFrame;
      if (!frame) return;
      total += delta;
      if (frame.functionName === "(idle)") {
        idle += delta;
        return;
      }
      const areaName = area(frame);
      byArea.set(areaName, (byArea.get(areaName) ?? 0) + delta);
      const fn = `${frame.functionName || "(anonymous)"} ${where(frame)}`.trim();
      byFunction.set(fn, (byFunction.get(fn) ?? 0) + delta);
    });
  }
  const busy = Math.max(1, total - idle);
  const top = (map: Map<string, number>, n: number) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, us]) => ({ name, percent: round((us / busy) * 100, 1) }));
  return {
    files: files.length,
    busyMs: round(busy / 1000),
    busyPercent: round((busy / Math.max(1, total)) * 100),
    byArea: top(byArea, 12),
    topFunctions: top(byFunction, 15),
  };
}
