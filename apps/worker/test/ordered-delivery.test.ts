// An ordered webhook across two workers: deliveries go out one at a time in event order, and a
// failed attempt holds the ones after it back until its retry succeeds.
import { type Receiver, startReceiver } from "@herald/local-stack/receiver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HeraldStack } from "../../../test/support/herald-stack.js";

let stack: HeraldStack;
let receiver: Receiver;
let key: string;

beforeAll(async () => {
  receiver = await startReceiver();
  stack = await HeraldStack.start({
    worker: true,
    env: { RETRY_BASE_DELAY_MS: "200", RETRY_MAX_DELAY_MS: "400", ENDPOINT_DEFER_MS: "200" },
  });
  await stack.startApp("worker");
  key = await stack.key(["*"]);
});
afterAll(async () => {
  await stack?.stop();
  await receiver?.stop();
});

describe("ordered webhooks", () => {
  it("receive 50 events in order through a 500 in the middle", async () => {
    // The 21st request fails; every other succeeds.
    const script = [...Array.from({ length: 20 }, () => ({ status: 200 })), { status: 500 }, { status: 200 }];
    const url = receiver.endpoint("ordered", script);
    const created = await stack.call("POST", "/v1/webhooks", {
      key,
      body: { url, events: ["product.scored"], ordered: true },
    });
    expect(created.body.data).toMatchObject({ ordered: true });
    for (let i = 0; i < 50; i++) {
      const sent = await stack.call("POST", "/v1/events", {
        key,
        body: { type: "product.scored", data: { i } },
      });
      expect(sent.status).toBe(202);
    }
    const requests = await receiver.waitForRequests("ordered", 51, 60_000);
    const order = requests.map((r) => (JSON.parse(r.body) as { data: { i: number } }).data.i);
    const expected = Array.from({ length: 50 }, (_, i) => i);
    // Request 21 (event 20) failed and was retried before event 21 went out.
    expect(order).toEqual([...expected.slice(0, 21), 20, ...expected.slice(21)]);
    expect(receiver.stats("ordered").maxInFlight).toBe(1);
    const [row] = await stack.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM deliveries d JOIN webhooks w ON w.id = d.webhook_id WHERE w.url = $1 AND d.status = 'succeeded'",
      [url],
    );
    expect(row!.n).toBe(50);
  });

  it("receive a batch's events in the batch's order (one millisecond, one statement)", async () => {
    const url = receiver.endpoint("ordered-batch", { status: 200 });
    await stack.call("POST", "/v1/webhooks", {
      key,
      body: { url, events: ["product.synced"], ordered: true },
    });
    const events = Array.from({ length: 30 }, (_, i) => ({ type: "product.synced", data: { i } }));
    const sent = await stack.call("POST", "/v1/events/batch", { key, body: { events } });
    expect(sent.status).toBe(202);
    const requests = await receiver.waitForRequests("ordered-batch", 30, 60_000);
    const order = requests.map((r) => (JSON.parse(r.body) as { data: { i: number } }).data.i);
    expect(order).toEqual(events.map((_, i) => i));
  });
});
