// A webhook's own rate limit and max_in_flight hold fleet-wide: two worker processes share them
// through Redis. Counted from the receiver's receipt times, never from the test's own clock.
import { type Receiver, startReceiver } from "@herald/local-stack/receiver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HeraldStack } from "../../../test/support/herald-stack.js";

let stack: HeraldStack;
let receiver: Receiver;
let key: string;

beforeAll(async () => {
  receiver = await startReceiver();
  stack = await HeraldStack.start({ worker: true, env: { WORKER_CONCURRENCY: "20" } });
  await stack.startApp("worker");
  key = await stack.key(["*"]);
});
afterAll(async () => {
  await stack?.stop();
  await receiver?.stop();
});

async function send(type: string, count: number) {
  for (let i = 0; i < count; i++) {
    const answer = await stack.call("POST", "/v1/events", { key, body: { type, data: { n: i } } });
    expect(answer.status).toBe(202);
  }
}

describe("per-webhook throttle and in-flight cap across two workers", () => {
  it("a 5/s webhook receives at most about 5 requests in any second", async () => {
    const url = receiver.endpoint("throttled", { status: 200 });
    const created = await stack.call("POST", "/v1/webhooks", {
      key,
      body: { url, events: ["product.synced"], rate_limit_per_second: 5 },
    });
    expect(created.body.data).toMatchObject({ rate_limit_per_second: 5 });
    await send("product.synced", 25);
    const received = (await receiver.waitForRequests("throttled", 25, 30_000))
      .map((r) => r.receivedAt)
      .sort((a, b) => a - b);
    // Turns are 200 ms apart (Redis' clock); a late wake-up, the network and event loops can
    // bunch two requests at the receiver, hence one more than the limit in a window.
    const busiest = Math.max(
      ...received.map((start) => received.filter((t) => t >= start && t < start + 1_000).length),
    );
    expect(busiest).toBeLessThanOrEqual(6);
    // And the limit did bite: 25 requests could not all arrive within the first two seconds.
    expect(received.filter((t) => t < received[0]! + 2_000).length).toBeLessThanOrEqual(12);
    // Waiting for the limit spent no attempt.
    const attempts = await stack.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM deliveries d JOIN webhooks w ON w.id = d.webhook_id WHERE w.url = $1 AND d.status = 'succeeded' AND d.attempt_count = 1",
      [url],
    );
    expect(attempts[0]!.n).toBe(25);
  });

  it("a webhook's max_in_flight holds below the global cap", async () => {
    const url = receiver.endpoint("capped", { status: 200, delayMs: 300 });
    const created = await stack.call("POST", "/v1/webhooks", {
      key,
      body: { webhook: { url, events: ["product.scored"], max_in_flight: 2 } },
    });
    expect(created.body.data).toMatchObject({ max_in_flight: 2 });
    await send("product.scored", 12);
    await receiver.waitForRequests("capped", 12, 30_000);
    expect(receiver.stats("capped").maxInFlight).toBe(2);
  });
});
