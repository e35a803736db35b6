// Delivery end to end: real api and worker processes, real Postgres and Redis, a real local
// receiver. Signatures are checked with both official verifiers.
import type { Receiver } from "@herald/local-stack/receiver";
import { Webhook as StandardWebhook } from "standardwebhooks";
import { Webhook as SvixWebhook } from "svix";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  attemptsOf,
  type HeraldStack,
  startWithReceiver,
  stopWithReceiver,
  waitForDeliveries,
} from "../../../test/support/herald-stack.js";

let stack: HeraldStack;
let receiver: Receiver;
let key: string;

beforeAll(async () => {
  ({ stack, receiver, key } = await startWithReceiver({
    worker: true,
    env: {
      RETRY_MAX_ATTEMPTS: "3",
      RETRY_BASE_DELAY_MS: "50",
      RETRY_MAX_DELAY_MS: "400",
      DISABLE_AFTER_FAILURES: "4",
    },
  }));
});
afterAll(() => stopWithReceiver(stack, receiver));

async function webhook(
  name: string,
  behaviour: Parameters<Receiver["endpoint"]>[1],
  events = ["product.scored"],
) {
  const created = await stack.call("POST", "/v1/webhooks", {
    key,
    body: { url: receiver.endpoint(name, behaviour), events },
  });
  expect(created.status).toBe(201);
  return created.body.data as { id: string; secret: string };
}

async function send(type = "product.scored", data: Record<string, unknown> = { sku: "A-1" }) {
  const answer = await stack.call<{ id: string; deliveries: number }>("POST", "/v1/events", {
    key,
    body: { type, data },
  });
  expect(answer.status).toBe(202);
  return answer.body.data;
}

function verifyBoth(secret: string, request: { body: string; headers: Record<string, string> }) {
  const standard = new StandardWebhook(secret).verify(request.body, request.headers);
  const svix = new SvixWebhook(secret).verify(request.body, {
    "svix-id": request.headers["webhook-id"]!,
    "svix-timestamp": request.headers["webhook-timestamp"]!,
    "svix-signature": request.headers["webhook-signature"]!,
  });
  return { standard, svix };
}

describe("delivery", () => {
  it("delivers a signed POST that both official verifiers accept", async () => {
    const hook = await webhook("ok", { status: 200 });
    const event = await send("product.scored", { sku: "A-1", score: 0.5, nested: { list: [1, "two"] } });
    expect(event.deliveries).toBe(1);
    const [request] = await receiver.waitForRequests("ok", 1);
    expect(request!.method).toBe("POST");
    expect(request!.headers["content-type"]).toBe("application/json");
    expect(request!.headers["user-agent"]).toMatch(/^Herald\/\d+\.\d+\.\d+$/);
    expect(request!.headers["webhook-id"]).toBe(event.id);
    expect(Math.abs(Number(request!.headers["webhook-timestamp"]) - Date.now() / 1000)).toBeLessThan(10);
    const { standard, svix } = verifyBoth(hook.secret, request!);
    const expected = {
      id: event.id,
      type: "product.scored",
      timestamp: expect.any(String),
      data: { sku: "A-1", score: 0.5, nested: { list: [1, "two"] } },
    };
    expect(standard).toEqual(expected);
    expect(svix).toEqual(expected);
    const [delivery] = await waitForDeliveries(stack, event.id);
    expect(delivery).toMatchObject({ status: "succeeded", attempt_count: 1, last_status_code: 200 });
    const [{ failure_count, last_success_at, last_triggered_at }] = (await stack.query(
      "SELECT failure_count, last_success_at, last_triggered_at FROM webhooks WHERE id = $1",
      [hook.id],
    )) as [{ failure_count: number; last_success_at: Date | null; last_triggered_at: Date | null }];
    expect(failure_count).toBe(0);
    expect(last_success_at).not.toBeNull();
    expect(last_triggered_at).not.toBeNull();
  });

  it("retries with backoff and succeeds, keeping the same webhook-id on every attempt", async () => {
    const hook = await webhook("flaky", [{ status: 500, body: "down" }, { status: 502 }, { status: 200 }]);
    const event = await send();
    const requests = await receiver.waitForRequests("flaky", 3);
    // The "ok" webhook from the first test gets this event type too.
    const delivery = (await waitForDeliveries(stack, event.id)).find((row) => row.webhook_id === hook.id);
    expect(delivery).toMatchObject({ status: "succeeded", attempt_count: 3 });
    expect(new Set(requests.map((r) => r.headers["webhook-id"]))).toEqual(new Set([event.id]));
    for (const request of requests) verifyBoth(hook.secret, request);
    // Backoff: at least the base delay between attempts.
    expect(requests[1]!.receivedAt - requests[0]!.receivedAt).toBeGreaterThanOrEqual(40);
    const attempts = await attemptsOf(stack, delivery!.id);
    expect(attempts.map((a) => [a.attempt_number, a.outcome, a.status_code])).toEqual([
      [1, "http_error", 500],
      [2, "http_error", 502],
      [3, "success", 200],
    ]);
    expect(attempts[0]!.response_snippet).toBe("down");
    const [row] = await stack.query<{ failure_count: number }>(
      "SELECT failure_count FROM webhooks WHERE id = $1",
      [hook.id],
    );
    expect(row?.failure_count).toBe(0);
  });

  it("marks the delivery failed when attempts run out", async () => {
    await webhook("always-500", { status: 500 }, ["product.synced"]);
    const event = await send("product.synced");
    const [delivery] = await waitForDeliveries(stack, event.id);
    expect(delivery).toMatchObject({ status: "failed", attempt_count: 3, last_status_code: 500 });
    expect(receiver.requests("always-500")).toHaveLength(3);
  });

  it("honours Retry-After on 503 within the bounds", async () => {
    await webhook(
      "retry-after",
      [{ status: 503, headers: { "retry-after": "3600" } }, { status: 200 }],
      ["optimization.created"],
    );
    const event = await send("optimization.created");
    // Base delay 50 ms, cap 400 ms: Retry-After: 3600 is clamped to the cap (unclamped, the second
    // request would come in an hour), and the retry never comes before the base delay.
    const requests = await receiver.waitForRequests("retry-after", 2, 20_000);
    const gap = requests[1]!.receivedAt - requests[0]!.receivedAt;
    expect(gap).toBeGreaterThanOrEqual(350);
    expect((await waitForDeliveries(stack, event.id))[0]?.status).toBe("succeeded");
  });

  it("disables a webhook at once on 410 and stops its deliveries", async () => {
    const hook = await webhook("gone", { status: 410 }, ["optimization.rejected"]);
    const event = await send("optimization.rejected");
    const [delivery] = await waitForDeliveries(stack, event.id);
    expect(delivery).toMatchObject({ status: "failed", attempt_count: 1, last_status_code: 410 });
    const detail = await stack.call("GET", `/v1/webhooks/${hook.id}`, { key });
    expect(detail.body.data).toMatchObject({
      status: "disabled",
      active: false,
      disabled_reason: expect.stringContaining("410"),
    });
    expect((await send("optimization.rejected")).deliveries).toBe(0);
    expect(receiver.requests("gone")).toHaveLength(1);
  });

  it("disables after consecutive failures, skips it for new events, and recovers after re-enabling", async () => {
    const started = new Date(Date.now() - 1000).toISOString();
    const hook = await webhook("threshold", { status: 500 }, ["optimization.approved"]);
    const first = await send("optimization.approved");
    const second = await send("optimization.approved");
    await waitForDeliveries(stack, first.id);
    await waitForDeliveries(stack, second.id);
    const detail = await stack.call("GET", `/v1/webhooks/${hook.id}`, { key });
    expect(detail.body.data).toMatchObject({
      status: "disabled",
      disabled_reason: "4 consecutive failed attempts",
    });
    expect(detail.body.data.failure_count).toBeGreaterThanOrEqual(4);
    expect(detail.body.data.last_error).toBe("receiver answered 500");
    // Its queued retries stopped: at most the threshold's worth of attempts reached it.
    const sent = receiver.requests("threshold").length;
    expect(sent).toBeLessThanOrEqual(5);
    const skipped = await send("optimization.approved");
    expect(skipped.deliveries).toBe(0);

    receiver.endpoint("threshold", { status: 200 });
    const enabled = await stack.call("PATCH", `/v1/webhooks/${hook.id}`, { key, body: { active: true } });
    expect(enabled.body.data).toMatchObject({ status: "active", failure_count: 0, disabled_reason: null });
    const recovered = await stack.call("POST", `/v1/webhooks/${hook.id}/recover`, {
      key,
      body: { since: started },
    });
    expect(recovered.status).toBe(202);
    // The two failed deliveries, and the event skipped while the webhook was disabled.
    expect(recovered.body.data).toMatchObject({ recovered: 3, failed_deliveries: 2, skipped_events: 1 });
    for (const event of [first, second, skipped])
      expect(
        (await waitForDeliveries(stack, event.id, (rows) => rows[0]?.status === "succeeded"))[0]?.status,
      ).toBe("succeeded");
    const ids = receiver
      .requests("threshold")
      .slice(sent)
      .map((r) => r.headers["webhook-id"]);
    expect(new Set(ids)).toEqual(new Set([first.id, second.id, skipped.id]));
  });

  it("signs with both secrets during a rotation grace period, and with the new one only after a plain rotation", async () => {
    const hook = await webhook("rotating", { status: 200 }, ["optimization.applied"]);
    const graced = await stack.call("POST", `/v1/webhooks/${hook.id}/rotate-secret`, {
      key,
      body: { grace_period_seconds: 600 },
    });
    const newSecret = graced.body.data.secret as string;
    await send("optimization.applied");
    const [request] = await receiver.waitForRequests("rotating", 1);
    expect(request!.headers["webhook-signature"]!.split(" ")).toHaveLength(2);
    verifyBoth(newSecret, request!);
    verifyBoth(hook.secret, request!);

    const plain = await stack.call("POST", `/v1/webhooks/${hook.id}/rotate-secret`, { key });
    const newest = plain.body.data.secret as string;
    await send("optimization.applied");
    const [, next] = await receiver.waitForRequests("rotating", 2);
    expect(next!.headers["webhook-signature"]!.split(" ")).toHaveLength(1);
    verifyBoth(newest, next!);
    expect(() => verifyBoth(newSecret, next!)).toThrow();
  });

  it("fans one event out to every matching active webhook, including '*' subscribers", async () => {
    const names = ["fan-a", "fan-b", "fan-star", "fan-both"];
    const a = await webhook("fan-a", { status: 200 }, ["optimization.reverted"]);
    const b = await webhook("fan-b", { status: 200 }, ["optimization.reverted", "product.synced"]);
    // Subscribed by name and by '*': still one delivery.
    const both = await webhook("fan-both", { status: 200 }, ["*", "optimization.reverted"]);
    const notMe = await webhook("not-me-either", { status: 200 }, ["product.scored", "product.synced"]);
    const star = await stack.key(["*"], "fan-account");
    await webhook("not-me", { status: 200 }, ["product.scored"]);
    const everything = await stack.call<{ id: string }>("POST", "/v1/webhooks", {
      key,
      body: { url: receiver.endpoint("fan-star", { status: 200 }), events: ["*"] },
    });
    expect(everything.status).toBe(201);
    // Another account's webhook for the same type never sees this account's event.
    await stack.call("POST", "/v1/webhooks", {
      key: star,
      body: { url: receiver.endpoint("other-account", { status: 200 }), events: ["*"] },
    });
    const event = await send("optimization.reverted");
    const rows = await waitForDeliveries(stack, event.id);
    const perWebhook = (id: string) => rows.filter((row) => row.webhook_id === id).length;
    expect([a.id, b.id, both.id, everything.body.data.id, notMe.id].map(perWebhook)).toEqual([1, 1, 1, 1, 0]);
    for (const name of names)
      expect((await receiver.waitForRequests(name, 1)).at(-1)?.headers["webhook-id"]).toBe(event.id);
    expect(receiver.requests("other-account").map((r) => r.headers["webhook-id"])).not.toContain(event.id);
  });
});
