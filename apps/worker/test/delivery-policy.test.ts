// A webhook's own delivery policy end to end: custom headers, its own timeout and its own retry
// schedule, through real api and worker processes, Postgres, Redis and a local receiver.
import type { Receiver } from "@herald/local-stack/receiver";
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
    // The global policy a webhook's own replaces: five attempts, 50 ms apart at first.
    env: {
      RETRY_MAX_ATTEMPTS: "5",
      RETRY_BASE_DELAY_MS: "50",
      RETRY_MAX_DELAY_MS: "200",
      DELIVERY_TIMEOUT_MS: "5000",
    },
  }));
});
afterAll(() => stopWithReceiver(stack, receiver));

async function create(body: Record<string, unknown>) {
  return stack.call<Record<string, unknown> & { id: string }>("POST", "/v1/webhooks", { key, body });
}

// The delivery of this event to this webhook, once final.
async function finalDelivery(eventId: string, webhookId: string) {
  const rows = await waitForDeliveries(stack, eventId, undefined, 15_000);
  const delivery = rows.find((row) => row.webhook_id === webhookId);
  if (!delivery) throw new Error(`no delivery of ${eventId} to ${webhookId}`);
  return delivery;
}

async function send() {
  const answer = await stack.call<{ id: string; deliveries: number }>("POST", "/v1/events", {
    key,
    body: { type: "product.scored", data: { sku: "A-1" } },
  });
  expect(answer.status).toBe(202);
  return answer.body.data;
}

describe("custom headers", () => {
  it("arrive with every delivery, are shown redacted and stored encrypted", async () => {
    const url = receiver.endpoint("headers", { status: 200 });
    const created = await create({
      webhook: {
        url,
        events: ["product.scored"],
        headers: { "X-Api-Key": "k-123 secret", "X-Tenant": "t1" },
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.data.headers).toEqual({ "X-Api-Key": "[redacted]", "X-Tenant": "[redacted]" });
    const [row] = await stack.query<{ headers: string }>("SELECT headers::text FROM webhooks WHERE id = $1", [
      created.body.data.id,
    ]);
    expect(row!.headers).toContain("X-Api-Key");
    expect(row!.headers).not.toContain("k-123");

    const event = await send();
    expect((await finalDelivery(event.id, created.body.data.id)).status).toBe("succeeded");
    const [request] = await receiver.waitForRequests("headers", 1);
    expect(request!.headers["x-api-key"]).toBe("k-123 secret");
    expect(request!.headers["x-tenant"]).toBe("t1");
    expect(request!.headers["webhook-signature"]).toMatch(/^v1,/);
  });

  it("are refused with 422 for a name Herald sets, and nothing is created", async () => {
    const before = await stack.snapshot();
    for (const name of [
      "Host",
      "content-type",
      "Webhook-Signature",
      "Transfer-Encoding",
      "User-Agent",
      "X Bad",
    ]) {
      const answer = await create({
        url: "https://hooks.example.com/h",
        events: ["product.scored"],
        headers: { [name]: "value-that-must-not-echo" },
      });
      expect(answer.status, name).toBe(422);
      expect(answer.body.error.code).toBe("VALIDATION_ERROR");
      expect(Object.keys(answer.body.error.details ?? {}).join(" "), name).toContain("headers");
      expect(JSON.stringify(answer.body)).not.toContain("value-that-must-not-echo");
    }
    const badValue = await create({
      url: "https://hooks.example.com/h",
      events: ["product.scored"],
      headers: { "X-Key": "line\nbreak-secret" },
    });
    expect(badValue.status).toBe(422);
    expect(JSON.stringify(badValue.body)).not.toContain("break-secret");
    const unknown = await create({
      url: "https://hooks.example.com/h",
      events: ["product.scored"],
      header: {},
    });
    expect(unknown.status).toBe(422);
    expect(await stack.snapshot()).toEqual(before);
  });

  it("are replaced by PATCH in either shape, and cleared by null", async () => {
    const created = await create({ url: "https://hooks.example.com/p", events: ["optimization.created"] });
    const id = created.body.data.id;
    expect(created.body.data).toMatchObject({ headers: {}, retry_schedule: null, timeout_ms: null });
    const patched = await stack.call("PATCH", `/v1/webhooks/${id}`, {
      key,
      body: { webhook: { headers: { "X-One": "1" }, retry_schedule: [5, 60], timeout_ms: 1000 } },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.data).toMatchObject({
      headers: { "X-One": "[redacted]" },
      retry_schedule: [5, 60],
      timeout_ms: 1000,
    });
    const cleared = await stack.call("PATCH", `/v1/webhooks/${id}`, {
      key,
      body: { headers: null, retry_schedule: null, timeout_ms: null },
    });
    expect(cleared.body.data).toMatchObject({ headers: {}, retry_schedule: null, timeout_ms: null });
    const fetched = await stack.call("GET", `/v1/webhooks/${id}`, { key });
    expect(fetched.body.data).toMatchObject({ headers: {}, retry_schedule: null, timeout_ms: null });
  });
});

describe("timeout_ms and retry_schedule", () => {
  it("refuse values outside their bounds", async () => {
    const base = { url: "https://hooks.example.com/b", events: ["product.scored"] };
    for (const policy of [
      { timeout_ms: 5001 },
      { timeout_ms: 50 },
      { retry_schedule: [] },
      { retry_schedule: [0] },
      { retry_schedule: [86_401] },
      { retry_schedule: Array.from({ length: 21 }, () => 1) },
      { max_in_flight: 0 },
    ]) {
      const answer = await create({ ...base, ...policy });
      expect(answer.status, JSON.stringify(policy)).toBe(422);
      expect(Object.keys(answer.body.error.details ?? {})[0], JSON.stringify(policy)).toMatch(
        new RegExp(`^${Object.keys(policy)[0]}`),
      );
    }
  });

  it("a webhook's own timeout cuts a slow receiver short", async () => {
    const url = receiver.endpoint("slow", { status: 200, delayMs: 2_000 });
    const hook = await create({ url, events: ["product.scored"], timeout_ms: 300, retry_schedule: [1] });
    const event = await send();
    const delivery = await finalDelivery(event.id, hook.body.data.id);
    const attempts = await attemptsOf(stack, delivery.id);
    expect(attempts.map((a) => a.outcome)).toEqual(["timeout", "timeout"]);
  });

  it("a retry schedule of [1, 2] makes exactly three attempts, at least that far apart", async () => {
    const url = receiver.endpoint("scheduled", { status: 500 });
    const hook = await create({ url, events: ["product.scored"], retry_schedule: [1, 2] });
    const event = await send();
    const delivery = await finalDelivery(event.id, hook.body.data.id);
    expect(delivery).toMatchObject({ status: "failed", attempt_count: 3 });
    const received = receiver.requests("scheduled").map((r) => r.receivedAt);
    expect(received).toHaveLength(3);
    // Lower bounds only: a loaded machine may be late, never early.
    expect(received[1]! - received[0]!).toBeGreaterThanOrEqual(1_000);
    expect(received[2]! - received[1]!).toBeGreaterThanOrEqual(2_000);
    const attempts = await attemptsOf(stack, delivery.id);
    expect(attempts.map((a) => a.attempt_number)).toEqual([1, 2, 3]);
  });
});
