// A slow endpoint holds at most ENDPOINT_MAX_IN_FLIGHT deliveries across the whole fleet, its
// other jobs wait without using attempts, and a healthy endpoint is served meanwhile.
import { type Receiver, startReceiver } from "@herald/local-stack/receiver";
import { afterAll, beforeAll, expect, it } from "vitest";
import { HeraldStack, waitForDeliveries } from "../../../test/support/herald-stack.js";

let stack: HeraldStack;
let receiver: Receiver;

beforeAll(async () => {
  receiver = await startReceiver();
  stack = await HeraldStack.start({
    env: {
      ENDPOINT_MAX_IN_FLIGHT: "2",
      WORKER_CONCURRENCY: "6",
      ENDPOINT_DEFER_MS: "100",
      // One attempt only: a deferral that used an attempt would fail the delivery.
      RETRY_MAX_ATTEMPTS: "1",
      EXTRA_EVENT_TYPES: "cap.slow,cap.fast",
    },
  });
  // Two worker processes: the cap holds across the fleet, not per process.
  await Promise.all([stack.startApp("worker"), stack.startApp("worker")]);
});
afterAll(async () => {
  await stack?.stop();
  await receiver?.stop();
});

it("caps a slow endpoint's in-flight deliveries and keeps serving a healthy one", async () => {
  const key = await stack.key(["*"]);
  for (const [name, type, behaviour] of [
    ["slow", "cap.slow", { status: 200, delayMs: 400 }],
    ["fast", "cap.fast", { status: 200 }],
  ] as const) {
    expect(
      (
        await stack.call("POST", "/v1/webhooks", {
          key,
          body: { url: receiver.endpoint(name, behaviour), events: [type] },
        })
      ).status,
    ).toBe(201);
  }
  const send = async (type: string) =>
    (await stack.call<{ id: string }>("POST", "/v1/events", { key, body: { type, data: {} } })).body.data.id;
  const slow = await Promise.all(Array.from({ length: 16 }, () => send("cap.slow")));
  await receiver.waitForRequests("slow", 2);
  // The slow backlog needs at least 16 × 400 ms / 2 = 3.2 s; the healthy endpoint must not wait
  // for it: its deliveries are all done while some of the slow ones are still pending.
  const fast = await Promise.all(Array.from({ length: 10 }, () => send("cap.fast")));
  for (const id of fast) expect((await waitForDeliveries(stack, id))[0]?.status).toBe("succeeded");
  const slowPending = await stack.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM deliveries WHERE event_id = ANY($1::uuid[]) AND status = 'pending'",
    [slow],
  );
  expect(slowPending[0]?.n).toBeGreaterThan(0);

  for (const id of slow) {
    const [delivery] = await waitForDeliveries(stack, id, undefined, 30_000);
    expect(delivery).toMatchObject({ status: "succeeded", attempt_count: 1 });
  }
  expect(receiver.stats("slow").maxInFlight).toBe(2);
  expect(receiver.stats("slow").received).toBe(16);
  const deferrals = await Promise.all(
    stack.apps
      .filter((app) => app.role === "worker")
      .map(async (worker) => {
        const text = await (await fetch(`${worker.url}/metrics`)).text();
        return Number(/^herald_endpoint_deferrals_total\{[^}]*\} (\d+)/m.exec(text)?.[1] ?? 0);
      }),
  );
  expect(deferrals.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
}, 60_000);
