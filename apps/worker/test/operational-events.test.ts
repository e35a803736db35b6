// Operational events end to end: Herald publishes webhook.disabled, webhook.enabled and
// delivery.exhausted into the owning account, signed like any event, never to the webhook they
// are about, and never in answer to an operational event (no loops).
import { type Receiver, startReceiver } from "@herald/local-stack/receiver";
import { Redis } from "ioredis";
import { Webhook as StandardWebhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HeraldStack, waitForDeliveries } from "../../../test/support/herald-stack.js";

let stack: HeraldStack;
let receiver: Receiver;
let redis: Redis;
let key: string;

beforeAll(async () => {
  receiver = await startReceiver();
  stack = await HeraldStack.start({
    worker: true,
    env: {
      RETRY_MAX_ATTEMPTS: "2",
      RETRY_BASE_DELAY_MS: "50",
      RETRY_MAX_DELAY_MS: "100",
      DISABLE_AFTER_FAILURES: "2",
    },
  });
  redis = new Redis(stack.env.REDIS_URL!);
  key = await stack.key(["*"]);
});
afterAll(async () => {
  redis?.disconnect();
  await stack?.stop();
  await receiver?.stop();
});

async function webhook(name: string, status: number, events: string[], extra: Record<string, unknown> = {}) {
  const created = await stack.call<{ id: string; secret: string }>("POST", "/v1/webhooks", {
    key,
    body: { url: receiver.endpoint(name, { status }), events, ...extra },
  });
  expect(created.status).toBe(201);
  return created.body.data;
}

interface Operational {
  type: string;
  data: { webhook_id: string; reason?: string; last_error?: string; attempts?: number };
}

const eventsAbout = (webhookId: string) =>
  stack.query<{ id: string; type: string }>(
    "SELECT id, type FROM events WHERE payload::jsonb->>'webhook_id' = $1 ORDER BY id",
    [webhookId],
  );

// Its job is gone from Redis: the worker finished with it, operational events included.
async function jobsFinished(deliveryIds: string[]) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const left = await Promise.all(
      deliveryIds.map((id) => redis.exists(`${stack.env.QUEUE_PREFIX}:deliveries:${id}`)),
    );
    if (left.every((n) => n === 0)) return;
    if (Date.now() > deadline) throw new Error("delivery jobs still in Redis");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("operational events", () => {
  it("an account hears, signed, that Herald disabled another of its webhooks; no loops", async () => {
    const ops = await webhook("ops", 200, ["webhook.disabled", "delivery.exhausted"]);
    // Subscribed too, but failing: its own failures on operational events publish nothing.
    const loopy = await webhook("loopy", 500, ["webhook.disabled", "delivery.exhausted"]);
    const bad = await webhook("bad", 500, ["product.scored"]);

    const sent = await stack.call<{ id: string }>("POST", "/v1/events", {
      key,
      body: { type: "product.scored", data: { sku: "A-1" } },
    });
    expect(sent.status).toBe(202);
    const requests = await receiver.waitForRequests("ops", 2, 20_000);
    const received = requests.map((request) => {
      // Throws unless signed with the ops webhook's secret.
      new StandardWebhook(ops.secret).verify(request.body, request.headers);
      return JSON.parse(request.body) as Operational;
    });
    const byType = Object.fromEntries(received.map((event) => [event.type, event.data]));
    expect(byType["webhook.disabled"]).toEqual({
      webhook_id: bad.id,
      reason: "2 consecutive failed attempts",
      last_error: "receiver answered 500",
    });
    expect(byType["delivery.exhausted"]).toMatchObject({
      webhook_id: bad.id,
      attempts: 2,
      event_id: sent.body.data.id,
    });

    // loopy got both events, failed them for good and was disabled by those failures.
    const loopyEvents = await eventsAbout(bad.id);
    expect(loopyEvents.map((e) => e.type).sort()).toEqual(["delivery.exhausted", "webhook.disabled"]);
    const loopyDeliveries = await Promise.all(
      loopyEvents.map(
        async (event) =>
          (await waitForDeliveries(stack, event.id)).find((row) => row.webhook_id === loopy.id)!,
      ),
    );
    expect(loopyDeliveries.map((row) => row.status)).toEqual(["failed", "failed"]);
    const [loopyRow] = await stack.query<{ status: string }>(
      "SELECT status::text FROM webhooks WHERE id = $1",
      [loopy.id],
    );
    expect(loopyRow!.status).toBe("disabled");
    await jobsFinished(loopyDeliveries.map((row) => row.id));
    expect(await eventsAbout(loopy.id)).toEqual([]);
  });

  it("disabling and enabling through the API tells the account's other webhooks, not the webhook itself", async () => {
    const watcher = await webhook("watcher", 200, ["webhook.disabled", "webhook.enabled"]);
    const subject = await webhook("subject", 200, ["webhook.disabled", "webhook.enabled"]);
    for (const status of ["disabled", "active"]) {
      const patched = await stack.call("PATCH", `/v1/webhooks/${subject.id}`, { key, body: { status } });
      expect(patched.status).toBe(200);
    }
    const events = await eventsAbout(subject.id);
    expect(events.map((e) => e.type)).toEqual(["webhook.disabled", "webhook.enabled"]);
    for (const event of events) {
      const deliveries = await waitForDeliveries(stack, event.id);
      const to = deliveries.map((row) => row.webhook_id);
      expect(to).toContain(watcher.id);
      expect(to).not.toContain(subject.id);
    }
    const got = (await receiver.waitForRequests("watcher", 2)).map((r) => JSON.parse(r.body) as Operational);
    expect(got.map((event) => event.type)).toEqual(["webhook.disabled", "webhook.enabled"]);
    expect(got[0]!.data).toEqual({
      webhook_id: subject.id,
      reason: "disabled through the API",
      last_error: null,
    });
    expect(receiver.requests("subject")).toEqual([]);
  });

  it("producers cannot send operational events, though webhooks subscribe to them", async () => {
    const answer = await stack.call("POST", "/v1/events", {
      key,
      body: { type: "webhook.disabled", data: { webhook_id: "forged" } },
    });
    expect(answer.status).toBe(422);
    expect(answer.body.error.details).toEqual({
      type: "is an operational event, published by Herald itself",
    });
  });
});
