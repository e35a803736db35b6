// The measured part of scenarios 2-6: events at a fixed rate (70 % of capacity), latency
// counted only for events scheduled inside the run, throughput as receipts per second at the
// healthy ("ok") endpoints while it lasts.

import { pendingCount } from "../ledger.js";
import type { LatencySummary } from "../load-generator.js";
import { nowMs, round, say, sleep } from "../log.js";
import { classOf } from "../receiver.js";
import {
  describeLoad,
  receiptRateDuring,
  type ScenarioAccount,
  type ScenarioContext,
  sendEvents,
  waitForReceipts,
} from "./common.js";

export interface SteadyRun {
  // Events per second offered.
  offered: number;
  // Deliveries received per second at the healthy endpoints while the load ran.
  delivered: number;
  // Ingest → receipt at the healthy endpoints.
  latency: LatencySummary;
  // POST /v1/events answer time, from the scheduled send time.
  apiLatency: LatencySummary;
  shed: number;
  errors: number;
  deliveries: number;
  // Healthy deliveries that had not arrived within the drain timeout after the run.
  late: boolean;
}

export interface SteadyOptions {
  rate: number;
  label: string;
  beforeStart?: () => Promise<void>;
  // Fraction of deliveries that go to "ok" endpoints (the others arrive after recovery only).
  okShare?: number;
  durationMs?: number;
  typeOf?: (seq: number) => string;
  // Runs alongside the load (e.g. sampling the backlog); awaited after it.
  during?: (signal: { done: boolean }) => Promise<void>;
}

export async function steadyRun(
  ctx: ScenarioContext,
  account: ScenarioAccount,
  ns: string,
  options: SteadyOptions,
): Promise<SteadyRun> {
  const durationMs = options.durationMs ?? ctx.settings.steadyMs;
  await options.beforeStart?.();
  const from = nowMs();
  await ctx.receiver.window(ns, from, from + durationMs + 5_000);
  say(`${options.label}: ${options.rate} events/s for ${durationMs / 1000} s…`);
  const before = classOf(await ctx.receiver.snapshot(ns), "ok").unique;
  const signal = { done: false };
  const sideTask = options.during?.(signal);
  const [load, delivered] = await Promise.all([
    sendEvents(ctx, account, options.rate, durationMs, options.typeOf),
    receiptRateDuring(ctx, ns, Math.min(1000, durationMs / 4), durationMs, ["ok"]),
  ]);
  signal.done = true;
  await sideTask;
  const expected = before + Math.floor(load.deliveries * (options.okShare ?? 1));
  const arrived = await waitForReceipts(ctx, ns, expected, undefined, ["ok"]);
  const ok = classOf(await ctx.receiver.snapshot(ns), "ok");
  const one = (value: number) => round(value, 1);
  const run: SteadyRun = {
    offered: options.rate,
    delivered: round(delivered),
    latency: { p50Ms: one(ok.p50Ms), p90Ms: one(ok.p90Ms), p99Ms: one(ok.p99Ms), maxMs: one(ok.maxMs) },
    apiLatency: load.latency,
    shed: load.shed,
    errors: load.errors,
    deliveries: load.deliveries,
    late: !arrived,
  };
  say(
    `${options.label}: ${describeLoad(load)}; delivered ${run.delivered}/s to healthy endpoints; ` +
      `ingest→receipt p50 ${run.latency.p50Ms} ms, p99 ${run.latency.p99Ms} ms`,
  );
  return run;
}

// Until no delivery of the account is pending in Postgres (its last attempt is recorded).
export async function drainDatabase(ctx: ScenarioContext, account: ScenarioAccount): Promise<void> {
  const deadline = Date.now() + ctx.settings.drainTimeoutMs;
  while ((await pendingCount(ctx.stack, account)) > 0 && Date.now() < deadline) await sleep(100);
}
