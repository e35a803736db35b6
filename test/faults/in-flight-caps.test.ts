// Fleet-wide caps per destination (scheme + host + port, across accounts) and per account, on
// top of the per-webhook cap; over-cap jobs sleep until a slot frees (no churn, no attempt used);
// POST /v1/webhooks/{id}/test obeys the caps. Each receiver below is one destination.
import { waitFor } from "@herald/local-stack";
import { type Receiver, startReceiver } from "@herald/local-stack/receiver";
import { afterAll, beforeAll, expect, it } from "vitest";
import { HeraldStack, waitForDeliveries } from "../support/herald-stack.js";

let stack: HeraldStack;
const receivers: Record<string, Receiver> = {};

beforeAll(async () => {
  for (const name of ["shared", "accountCap", "noisy", "victim", "hanging", "sleeper"])
    receivers[name] = await startReceiver();
  stack = await HeraldStack.start({
    env: {
      ENDPOINT_MAX_IN_FLIGHT: "2",
      DESTINATION_MAX_IN_FLIGHT: "3",
      ACCOUNT_MAX_IN_FLIGHT: "2",
      WORKER_CONCURRENCY: "8",
      // Short, so that a job re-trying a full cap on a timer (the old deferral) would churn.
      ENDPOINT_DEFER_MS: "100",
      // One attempt only: a wait that used an attempt would fail the delivery.
      RETRY_MAX_ATTEMPTS: "1",
      DELIVERY_TIMEOUT_MS: "3000",
      EXTRA_EVENT_TYPES: "c.shared,c.account,c.noisy,c.victim,c.hang,c.sleep",
    },
  });
  // Two worker processes: the caps hold across the fleet, not per process.
  await Promise.all([stack.startApp("worker"), stack.startApp("worker")]);
});
afterAll(async () => {
  await stack?.stop();
  await Promise.all(Object.values(receivers).map((receiver) => receiver.stop()));
});

async function subscribe(key: string, receiver: Receiver, name: string, type: string, behaviour: object) {
  const created = await stack.call<{ id: string }>("POST", "/v1/webhooks", {
    key,
    body: { url: receiver.endpoint(name, behaviour as never), events: [type] },
  });
  expect(created.status).toBe(201);
  return created.body.data.id;
}

async function send(key: string, type: string): Promise<string> {
  const answer = await stack.call<{ id: string }>("POST", "/v1/events", { key, body: { type, data: {} } });
  expect(answer.status).toBe(202);
  return answer.body.data.id;
}

async function settleAll(eventIds: string[], expected: "succeeded" | "failed" = "succeeded") {
  for (const id of eventIds)
    for (const row of await waitForDeliveries(stack, id, undefined, 60_000))
      expect(row).toMatchObject({ status: expected, attempt_count: 1 });
}

async function metricSum(name: string): Promise<number> {
  let sum = 0;
  for (const worker of stack.apps.filter((app) => app.role === "worker")) {
    const text = await (await fetch(`${worker.url}/metrics`)).text();
    for (const match of text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\d+)`, "gm")))
      sum += Number(match[1]);
  }
  return sum;
}

async function deferrals(cap?: string): Promise<number> {
  let sum = 0;
  for (const worker of stack.apps.filter((app) => app.role === "worker")) {
    const text = await (await fetch(`${worker.url}/metrics`)).text();
    for (const match of text.matchAll(/^herald_endpoint_deferrals_total\{[^}]*cap="(\w+)"[^}]*\} (\d+)/gm))
      if (!cap || match[1] === cap) sum += Number(match[2]);
  }
  return sum;
}

it("caps a destination across webhooks and accounts", async () => {
  const shared = receivers.shared!;
  const ids: string[] = [];
  for (const account of ["dest-a", "dest-b"]) {
    const key = await stack.key(["*"], account);
    for (let i = 0; i < 3; i++)
      await subscribe(key, shared, `${account}-${i}`, "c.shared", { status: 200, delayMs: 300 });
    ids.push(...(await Promise.all(Array.from({ length: 4 }, () => send(key, "c.shared")))));
  }
  await settleAll(ids);
  // 6 webhooks × 2 per webhook, 2 accounts × 2 per account: 4 without the destination cap.
  expect(shared.stats().maxInFlight).toBe(3);
  expect(shared.stats().received).toBe(24);
  expect(await deferrals("destination")).toBeGreaterThan(0);
}, 60_000);

it("caps an account across its webhooks and destinations", async () => {
  const receiver = receivers.accountCap!;
  const key = await stack.key(["*"], "account-cap");
  for (let i = 0; i < 3; i++)
    await subscribe(key, receiver, `hook-${i}`, "c.account", { status: 200, delayMs: 300 });
  const ids = await Promise.all(Array.from({ length: 4 }, () => send(key, "c.account")));
  await settleAll(ids);
  // The destination would allow 3.
  expect(receiver.stats().maxInFlight).toBe(2);
  expect(receiver.stats().received).toBe(12);
}, 60_000);

it("a backlog on a capped destination sleeps instead of churning, and another account is served meanwhile", async () => {
  const noisyKey = await stack.key(["*"], "noisy");
  const victimKey = await stack.key(["*"], "victim");
  // The first two requests (the webhook's cap) are held until released: the whole backlog waits.
  await subscribe(noisyKey, receivers.noisy!, "slow", "c.noisy", [
    { mode: "hold" },
    { mode: "hold" },
    { status: 200, delayMs: 100 },
  ]);
  await subscribe(victimKey, receivers.victim!, "fast", "c.victim", { status: 200 });
  const BACKLOG = 80;
  const start = await deferrals();
  const backlog = await Promise.all(Array.from({ length: BACKLOG }, () => send(noisyKey, "c.noisy")));
  await receivers.noisy!.waitForRequests("slow", 2);
  const victim = await Promise.all(Array.from({ length: 10 }, () => send(victimKey, "c.victim")));
  await settleAll(victim);
  // The other account did not wait for the backlog, none of which could go meanwhile.
  const [noisyLeft] = await stack.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM deliveries WHERE event_id = ANY($1::uuid[]) AND status = 'pending'",
    [backlog],
  );
  expect(noisyLeft?.n).toBe(BACKLOG);
  const released = await deferrals();
  expect(receivers.noisy!.release("slow")).toBe(2);
  await settleAll(backlog);
  expect(receivers.noisy!.stats().maxInFlight).toBe(2);
  expect(receivers.noisy!.stats().received).toBe(BACKLOG);
  // Every job but the two held ones waited. Each sleeps until woken by a freed slot: about one
  // wait per job while the backlog drains; re-trying every ENDPOINT_DEFER_MS for the 4 s it
  // takes was dozens per job.
  const after = await deferrals();
  expect(after - start).toBeGreaterThanOrEqual(BACKLOG - 2);
  expect(after - released).toBeLessThan(2 * BACKLOG);
}, 90_000);

it("POST /webhooks/{id}/test obeys the caps: 429 naming the cap while it is full, sent once a slot frees", async () => {
  const key = await stack.key(["*"], "hanging");
  const hanging = receivers.hanging!;
  const hookId = await subscribe(key, hanging, "hang", "c.hang", { mode: "hang" });
  const ids = await Promise.all(Array.from({ length: 2 }, () => send(key, "c.hang")));
  await hanging.waitForRequests("hang", 2);
  const before = await stack.snapshot();
  const refused = await stack.call("POST", `/v1/webhooks/${hookId}/test`, { key });
  expect(refused.status).toBe(429);
  expect(refused.headers.get("retry-after")).toBe("1");
  expect(refused.body.error.code).toBe("RATE_LIMITED");
  expect(refused.body.error.message).toContain("ENDPOINT_MAX_IN_FLIGHT = 2");
  expect(refused.body.error.details).toEqual({ webhook: "at most 2 in flight (ENDPOINT_MAX_IN_FLIGHT)" });
  expect(await stack.snapshot()).toEqual(before);
  expect(hanging.stats().received).toBe(2);

  hanging.endpoint("hang", { status: 200 });
  await settleAll(ids, "failed");
  await waitFor("the hanging slots to free", async () => {
    const answer = await stack.call("POST", `/v1/webhooks/${hookId}/test`, { key });
    return answer.status === 200 ? answer : undefined;
  });
  expect(hanging.stats().received).toBe(3);
}, 60_000);

it("the sweeper leaves jobs that wait on a full cap or hang in flight alone: nothing re-enqueued, nothing counted", async () => {
  const key = await stack.key(["*"], "sleeper");
  const sleeper = receivers.sleeper!;
  // Two at a time (ENDPOINT_MAX_IN_FLIGHT) hang until DELIVERY_TIMEOUT_MS (3 s), the others
  // wait on the cap: every row is overdue by more than SWEEP_STALE_AFTER_MS (2 s) meanwhile.
  await subscribe(key, sleeper, "held", "c.sleep", { mode: "hang" });
  const before = await metricSum("herald_sweeper_enqueued_total");
  const ids = await Promise.all(Array.from({ length: 4 }, () => send(key, "c.sleep")));
  await waitFor("a sweep over the live jobs' overdue rows", async () => {
    const [swept] = await stack.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM deliveries WHERE event_id = ANY($1::uuid[]) AND status = 'pending'
         AND next_attempt_at >= created_at + interval '2 seconds'`,
      [ids],
    );
    return (swept?.n ?? 0) > 0;
  });
  await settleAll(ids, "failed");
  expect(sleeper.stats("held").received).toBe(4);
  expect((await metricSum("herald_sweeper_enqueued_total")) - before).toBe(0);
}, 60_000);
