// An endpoint fails while thousands of deliveries pile up for it, then recovers: the per-endpoint
// cap holds throughout, another endpoint is served as usual, and the backlog drains.

import { waitFor } from "@herald/local-stack";
import { type Receiver, startReceiver } from "@herald/local-stack/receiver";
import { afterAll, beforeAll, expect, it } from "vitest";
import { HeraldStack, waitForDeliveries } from "../support/herald-stack.js";

let stack: HeraldStack;
let receiver: Receiver;
// Another destination (its own port): the failing one's circuit breaker is not its business.
let other: Receiver;
const BACKLOG = 2000;

beforeAll(async () => {
  [receiver, other] = await Promise.all([startReceiver({ record: false }), startReceiver({ record: false })]);
  stack = await HeraldStack.start({
    worker: true,
    env: {
      WORKER_CONCURRENCY: "50",
      ENDPOINT_MAX_IN_FLIGHT: "5",
      ENDPOINT_DEFER_MS: "1000",
      RETRY_MAX_ATTEMPTS: "30",
      RETRY_BASE_DELAY_MS: "500",
      RETRY_MAX_DELAY_MS: "2000",
      // The failing destination's breaker opens; its cool-down is shortened like the retry delays.
      BREAKER_FAILURES: "10",
      BREAKER_COOLDOWN_MS: "500",
      BREAKER_MAX_COOLDOWN_MS: "2000",
      DISABLE_AFTER_FAILURES: "1000000",
      EXTRA_EVENT_TYPES: "b.flaky,b.healthy",
    },
  });
});
afterAll(async () => {
  await stack?.stop();
  await Promise.all([receiver?.stop(), other?.stop()]);
});

it("10: keeps the cap and the other endpoints while a backlog of thousands drains", async () => {
  const key = await stack.key(["*"]);
  await stack.call("POST", "/v1/webhooks", {
    key,
    body: { url: receiver.endpoint("flaky", { status: 500, delayMs: 20 }), events: ["b.flaky"] },
  });
  await stack.call("POST", "/v1/webhooks", {
    key,
    body: { url: other.endpoint("healthy", { status: 200 }), events: ["b.healthy"] },
  });
  const send = async (type: string) =>
    (await stack.call<{ id: string }>("POST", "/v1/events", { key, body: { type, data: {} } })).body.data.id;

  const backlog: string[] = [];
  for (let start = 0; start < BACKLOG; start += 50) {
    backlog.push(...(await Promise.all(Array.from({ length: 50 }, () => send("b.flaky")))));
  }
  // While it fails, a healthy endpoint's deliveries still go through: all of them while every
  // one of the backlog's is still pending (it cannot succeed before the endpoint recovers).
  const healthyStarted = Date.now();
  const healthy = await Promise.all(Array.from({ length: 20 }, () => send("b.healthy")));
  for (const id of healthy)
    expect((await waitForDeliveries(stack, id, undefined, 60_000))[0]?.status).toBe("succeeded");
  const healthyTook = Date.now() - healthyStarted;

  receiver.endpoint("flaky", { status: 200 });
  const drainStarted = Date.now();
  await waitFor(
    "the backlog to drain",
    async () => {
      const [row] = await stack.query<{ pending: number }>(
        "SELECT count(*) FILTER (WHERE status = 'pending')::int AS pending FROM deliveries WHERE event_id = ANY($1::uuid[])",
        [backlog],
      );
      return row?.pending === 0;
    },
    { timeoutMs: 90_000, intervalMs: 500 },
  );
  const drainSeconds = (Date.now() - drainStarted) / 1000;
  const [final] = await stack.query<{ succeeded: number }>(
    "SELECT count(*) FILTER (WHERE status = 'succeeded')::int AS succeeded FROM deliveries WHERE event_id = ANY($1::uuid[])",
    [backlog],
  );
  expect(final?.succeeded).toBe(BACKLOG);
  expect(receiver.stats("flaky").maxInFlight).toBeLessThanOrEqual(5);
  console.log(
    `backlog of ${BACKLOG}: healthy endpoint served in ${healthyTook} ms; drained in ${drainSeconds.toFixed(1)} s`,
  );
}, 150_000);
