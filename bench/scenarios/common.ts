// What the scenarios share: an account with webhooks pointing at the receiver, an open-loop
// event load against Herald's API, and waiting for deliveries to arrive.
import type { Pool } from "undici";
import { createPool, type OpenLoopResult, openLoop } from "../load-generator.js";
import { say, sleep } from "../log.js";
import { EVENT_TYPES, eventBody } from "../payload.js";
import type { ProcessGroups } from "../profile/process-cpu.js";
import { type BenchReceiver, uniqueDelivered } from "../receiver.js";
import type { ModeSettings } from "../settings.js";
import { type BenchAccount, type BenchStack, createAccount, createWebhooks } from "../stack.js";

export interface ScenarioContext {
  stack: BenchStack;
  receiver: BenchReceiver;
  settings: ModeSettings;
  api: Pool;
}

export function createScenarioContext(
  stack: BenchStack,
  receiver: BenchReceiver,
  settings: ModeSettings,
): ScenarioContext {
  return { stack, receiver, settings, api: createPool(stack.api!.url) };
}

export type EndpointClass = "ok" | "hang" | "fail";

export interface ScenarioAccount extends BenchAccount {
  webhookIds: string[];
}

// `count` webhooks under a new account named like the receiver namespace; webhook i gets
// the class `classOf(i)` (its URL is /<ns>/<class>/<i>) and subscribes to `eventsOf(i)`.
export async function setUpAccount(
  ctx: ScenarioContext,
  ns: string,
  count: number,
  classOf: (i: number) => EndpointClass = () => "ok",
  eventsOf: (i: number) => string[] = (i) => [EVENT_TYPES[i % EVENT_TYPES.length]!],
): Promise<ScenarioAccount> {
  const account = await createAccount(ctx.stack, ns);
  const specs = Array.from({ length: count }, (_, i) => ({
    url: `${ctx.receiver.url}/${ns}/${classOf(i)}/${i}`,
    events: eventsOf(i),
  }));
  const webhookIds = await createWebhooks(ctx.stack, account, specs);
  return { ...account, webhookIds };
}

// Events at `rate` per second for `durationMs`; event n has type typeOf(n). Each payload
// carries its scheduled send time.
export function sendEvents(
  ctx: ScenarioContext,
  account: BenchAccount,
  rate: number,
  durationMs: number,
  typeOf: (seq: number) => string = (seq) => EVENT_TYPES[seq % EVENT_TYPES.length]!,
): Promise<OpenLoopResult> {
  return openLoop({
    pool: ctx.api,
    path: "/v1/events",
    headers: { "content-type": "application/json", authorization: `Bearer ${account.key}` },
    rate,
    durationMs,
    body: (seq, at) => eventBody(typeOf(seq), seq, at),
    countDeliveries: true,
  });
}

// Batches of `size` events (POST /v1/events/batch) at `rate` requests per second.
export function sendBatches(
  ctx: ScenarioContext,
  account: BenchAccount,
  rate: number,
  durationMs: number,
  size: number,
): Promise<OpenLoopResult> {
  return openLoop({
    pool: ctx.api,
    path: "/v1/events/batch",
    headers: { "content-type": "application/json", authorization: `Bearer ${account.key}` },
    rate,
    durationMs,
    body: (seq, at) =>
      `{"events":[${Array.from({ length: size }, (_, i) => eventBody(EVENT_TYPES[(seq * size + i) % EVENT_TYPES.length]!, seq * size + i, at)).join(",")}]}`,
    countDeliveries: true,
  });
}

// Until the receiver has `expected` unique 2xx receipts in the namespace (in the classes
// given, all by default) or the timeout.
export async function waitForReceipts(
  ctx: ScenarioContext,
  ns: string,
  expected: number,
  timeoutMs = ctx.settings.drainTimeoutMs,
  classes?: EndpointClass[],
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const snapshot = await ctx.receiver.snapshot(ns);
    const received = classes
      ? classes.reduce((sum, name) => sum + (snapshot.classes[name]?.unique ?? 0), 0)
      : uniqueDelivered(snapshot);
    if (received >= expected) return true;
    if (Date.now() > deadline) {
      say(`${ns}: only ${received} of ${expected} deliveries arrived within ${timeoutMs} ms`);
      return false;
    }
    await sleep(100);
  }
}

export function describeLoad(result: OpenLoopResult): string {
  const extra = [
    result.shed ? `shed ${result.shed}` : "",
    result.errors ? `errors ${JSON.stringify(result.statuses)}` : "",
  ].filter(Boolean);
  return (
    `accepted ${result.accepted} events (${result.achievedRate}/s), ${result.deliveries} deliveries; ` +
    `API p50 ${result.latency.p50Ms} ms, p99 ${result.latency.p99Ms} ms${extra.length ? `; ${extra.join(", ")}` : ""}`
  );
}

// 2xx receipts per second in the namespace between `fromMs` and `toMs` from now (classes
// given, all by default); run it alongside a load to measure throughput while it lasts.
export async function receiptRateDuring(
  ctx: ScenarioContext,
  ns: string,
  fromMs: number,
  toMs: number,
  classes?: EndpointClass[],
): Promise<number> {
  const count = async () => {
    const snapshot = await ctx.receiver.snapshot(ns);
    return Object.entries(snapshot.classes)
      .filter(([name]) => !classes || classes.includes(name as EndpointClass))
      .reduce((sum, [, c]) => sum + c.answered2xx, 0);
  };
  await sleep(fromMs);
  const a = await count();
  const at = performance.now();
  await sleep(toMs - fromMs);
  const b = await count();
  return (b - a) / ((performance.now() - at) / 1000);
}

export function processGroups(ctx: ScenarioContext): ProcessGroups {
  return {
    api: ctx.stack.api ? [ctx.stack.api.pid] : [],
    worker: ctx.stack.workers.map((worker) => worker.pid),
    receiver: [ctx.receiver.pid],
    generator: [process.pid],
    redisPort: Number(new URL(ctx.stack.redisUrl).port),
    postgresPort: Number(new URL(ctx.stack.databaseUrl).port),
  };
}
