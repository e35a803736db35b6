// An open-loop load generator: requests go out at a fixed arrival rate whatever the server
// does, each stamped with its *scheduled* send time. A server (or a generator) that falls
// behind therefore shows up as latency instead of quietly lowering the rate, which a
// closed-loop tool would do. Latency is measured from the scheduled time, not the actual one.
import { createHistogram } from "node:perf_hooks";
import { Pool } from "undici";
import { nowMs, round } from "./log.js";

export interface OpenLoopOptions {
  pool: Pool;
  path: string;
  headers: Record<string, string>;
  rate: number;
  durationMs: number;
  body: (seq: number, scheduledAt: number) => string;
  // Requests beyond this many outstanding are not sent but counted as shed: under overload
  // the generator must not queue without bound (and the shed count says it happened).
  maxOutstanding?: number;
  // Sum the "deliveries" fields of Herald's 202 answers (deliveries created).
  countDeliveries?: boolean;
}

export interface LatencySummary {
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface OpenLoopResult {
  offeredRate: number;
  durationMs: number;
  startedAt: number;
  scheduled: number;
  sent: number;
  shed: number;
  accepted: number;
  errors: number;
  statuses: Record<string, number>;
  // 2xx answers completed inside the window, per second.
  achievedRate: number;
  deliveries: number;
  latency: LatencySummary;
  // CPU the generator itself used, as % of one core: near 100 means it, not the server, limits.
  generatorCpuPercent: number;
}

export function createPool(baseUrl: string, connections = 64): Pool {
  return new Pool(baseUrl, { connections, pipelining: 1, keepAliveTimeout: 60_000 });
}

// Every "deliveries" of an answer: one for an event, one per event for a batch.
const DELIVERIES = /"deliveries":\s*(\d+)/g;

export async function openLoop(options: OpenLoopOptions): Promise<OpenLoopResult> {
  const maxOutstanding = options.maxOutstanding ?? 1024;
  const latency = createHistogram();
  const total = Math.max(1, Math.round((options.rate * options.durationMs) / 1000));
  const interval = 1000 / options.rate;
  const statuses: Record<string, number> = {};
  const inFlight = new Set<Promise<void>>();
  let sent = 0;
  let shed = 0;
  let accepted = 0;
  let acceptedInWindow = 0;
  let errors = 0;
  let deliveries = 0;
  const cpuBefore = process.cpuUsage();
  const startedAt = nowMs();
  const windowEnd = startedAt + options.durationMs;

  const fire = (seq: number) => {
    const scheduledAt = startedAt + seq * interval;
    if (inFlight.size >= maxOutstanding) {
      shed++;
      return;
    }
    sent++;
    const request = options.pool
      .request({
        path: options.path,
        method: "POST",
        headers: options.headers,
        body: options.body(seq, scheduledAt),
      })
      .then(async (response) => {
        const text = await response.body.text();
        const done = nowMs();
        const status = String(response.statusCode);
        statuses[status] = (statuses[status] ?? 0) + 1;
        if (response.statusCode >= 200 && response.statusCode < 300) {
          accepted++;
          if (done <= windowEnd) acceptedInWindow++;
          latency.record(Math.max(1, Math.round((done - scheduledAt) * 1000)));
          if (options.countDeliveries)
            for (const match of text.matchAll(DELIVERIES)) deliveries += Number(match[1]);
        } else errors++;
      })
      .catch(() => {
        errors++;
        statuses.error = (statuses.error ?? 0) + 1;
      })
      .finally(() => {
        inFlight.delete(request);
      });
    inFlight.add(request);
  };

  await new Promise<void>((resolve) => {
    let seq = 0;
    const tick = () => {
      const due = Math.min(total, Math.floor((nowMs() - startedAt) / interval) + 1);
      while (seq < due) fire(seq++);
      if (seq >= total) resolve();
      else setTimeout(tick, 1);
    };
    tick();
  });
  const wallMs = Math.max(1, nowMs() - startedAt);
  const cpu = process.cpuUsage(cpuBefore);
  await Promise.all(inFlight);
  return {
    offeredRate: options.rate,
    durationMs: options.durationMs,
    startedAt,
    scheduled: total,
    sent,
    shed,
    accepted,
    errors,
    statuses,
    achievedRate: round(acceptedInWindow / (options.durationMs / 1000), 1),
    deliveries,
    latency: summarize(latency),
    generatorCpuPercent: round(((cpu.user + cpu.system) / 1000 / wallMs) * 100),
  };
}

export function summarize(h: { count: number; percentile(p: number): number; max: number }): LatencySummary {
  if (h.count === 0) return { p50Ms: 0, p90Ms: 0, p99Ms: 0, maxMs: 0 };
  const ms = (us: number) => round(us / 1000, 1);
  return {
    p50Ms: ms(h.percentile(50)),
    p90Ms: ms(h.percentile(90)),
    p99Ms: ms(h.percentile(99)),
    maxMs: ms(h.max),
  };
}
