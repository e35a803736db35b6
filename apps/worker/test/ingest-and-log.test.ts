// Ingestion (idempotency, fan-out answer), the delivery log, manual retry and the test endpoint.
import type { Receiver } from "@herald/local-stack/receiver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
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
    env: { RETRY_MAX_ATTEMPTS: "2", DISABLE_AFTER_FAILURES: "2" },
  }));
});
afterAll(() => stopWithReceiver(stack, receiver));

const post = (body: unknown, headers: Record<string, string> = {}) =>
  stack.call("POST", "/v1/events", { key, body, headers });

describe("ingestion", () => {
  it("answers 202 with the event id, its type and how many deliveries it made", async () => {
    await stack.call("POST", "/v1/webhooks", {
      key,
      body: { url: receiver.endpoint("ingest", { status: 200 }), events: ["optimization.created"] },
    });
    const answer = await post({ type: "optimization.created", data: { id: 7 } });
    expect(answer.status).toBe(202);
    expect(answer.body.data).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      type: "optimization.created",
      deliveries: 1,
    });
    const none = await post({ type: "product.synced", data: {} });
    expect(none.body.data.deliveries).toBe(0);
  });

  it("dedupes on Idempotency-Key or id: same body → the same answer, different body → 409", async () => {
    const body = { type: "optimization.created", data: { a: 1, b: [1, 2] } };
    const first = await post(body, { "idempotency-key": "order-1" });
    const again = await post(
      { type: "optimization.created", data: { b: [1, 2], a: 1 } },
      { "idempotency-key": "order-1" },
    );
    expect(first.status).toBe(202);
    expect(again.status).toBe(202);
    expect(again.body.data).toEqual(first.body.data);
    const conflict = await post(
      { type: "optimization.created", data: { a: 2 } },
      { "idempotency-key": "order-1" },
    );
    expect(conflict.status).toBe(409);
    expect(conflict.body.error.code).toBe("CONFLICT");

    const byId = await post({ ...body, id: "evt:42" });
    expect((await post({ ...body, id: "evt:42" })).body.data).toEqual(byId.body.data);
    expect((await post({ type: "optimization.created", data: { a: 3 }, id: "evt:42" })).status).toBe(409);
    expect((await post({ ...body, id: "12345" })).status).toBe(202);

    const mismatch = await post({ ...body, id: "x" }, { "idempotency-key": "y" });
    expect(mismatch.status).toBe(422);
    const rows = await stack.query<{ n: string }>(
      "SELECT count(*) AS n FROM events WHERE idempotency_key IN ('order-1', 'evt:42')",
    );
    expect(rows[0]?.n).toBe("2");
    // A replay is not delivered twice.
    const deliveries = await stack.query<{ n: string }>(
      "SELECT count(*) AS n FROM deliveries WHERE event_id = $1",
      [first.body.data.id],
    );
    expect(deliveries[0]?.n).toBe("1");
  });

  it("keys are per account", async () => {
    const other = await stack.key(["*"], "another-account");
    const mine = await post({ type: "product.scored", data: { x: 1 } }, { "idempotency-key": "shared-key" });
    const theirs = await stack.call("POST", "/v1/events", {
      key: other,
      body: { type: "product.scored", data: { x: 2 } },
      headers: { "idempotency-key": "shared-key" },
    });
    expect(theirs.status).toBe(202);
    expect(theirs.body.data.id).not.toBe(mine.body.data.id);
    expect((await stack.call("GET", `/v1/events/${mine.body.data.id}`, { key: other })).status).toBe(404);
  });
});

describe("delivery log", () => {
  it("shows an event with its deliveries, a webhook's deliveries by status, and a delivery with its attempts", async () => {
    const created = await stack.call("POST", "/v1/webhooks", {
      key,
      body: {
        url: receiver.endpoint("log", [
          { status: 500, body: "oops" },
          { status: 200, body: "fine" },
        ]),
        events: ["product.synced"],
      },
    });
    const webhookId = created.body.data.id as string;
    const event = await post({ type: "product.synced", data: { sku: "L-1" } });
    const [row] = await waitForDeliveries(stack, event.body.data.id as string);
    expect(row?.status).toBe("succeeded");

    const detail = await stack.call<{
      type: string;
      data: unknown;
      deliveries: { id: string; status: string }[];
    }>("GET", `/v1/events/${event.body.data.id}`, { key });
    expect(detail.body.data).toMatchObject({ type: "product.synced", data: { sku: "L-1" } });
    expect(detail.body.data.deliveries.map((d) => [d.id, d.status])).toContainEqual([row!.id, "succeeded"]);

    const list = await stack.call<{ id: string }[]>(
      "GET",
      `/v1/webhooks/${webhookId}/deliveries?status=succeeded`,
      { key },
    );
    expect(list.body.data.map((d) => d.id)).toEqual([row!.id]);
    expect(
      (await stack.call<unknown[]>("GET", `/v1/webhooks/${webhookId}/deliveries?status=failed`, { key })).body
        .data,
    ).toEqual([]);
    expect(
      (await stack.call("GET", `/v1/webhooks/${webhookId}/deliveries?status=lost`, { key })).status,
    ).toBe(422);

    const delivery = await stack.call<{ attempts: Record<string, unknown>[]; event_type: string }>(
      "GET",
      `/v1/deliveries/${row!.id}`,
      { key },
    );
    expect(delivery.body.data.event_type).toBe("product.synced");
    expect(delivery.body.data.attempts).toEqual([
      expect.objectContaining({
        attempt_number: 1,
        outcome: "http_error",
        status_code: 500,
        response_body: "oops",
        error: "receiver answered 500",
      }),
      expect.objectContaining({
        attempt_number: 2,
        outcome: "success",
        status_code: 200,
        response_body: "fine",
        error: null,
      }),
    ]);
    for (const attempt of delivery.body.data.attempts)
      expect(attempt.duration_ms).toEqual(expect.any(Number));
  });

  it("retries a delivery on request, whatever its state", async () => {
    const created = await stack.call("POST", "/v1/webhooks", {
      key,
      body: { url: receiver.endpoint("again", { status: 200 }), events: ["product.synced"] },
    });
    const event = await post({ type: "product.synced", data: {} });
    const rows = await waitForDeliveries(stack, event.body.data.id as string);
    const delivery = rows.find((r) => r.webhook_id === created.body.data.id)!;
    expect(delivery.status).toBe("succeeded");
    const retried = await stack.call("POST", `/v1/deliveries/${delivery.id}/retry`, { key });
    expect(retried.status).toBe(202);
    expect(retried.body.data.status).toBe("pending");
    const requests = await receiver.waitForRequests("again", 2);
    expect(requests[1]!.headers["webhook-id"]).toBe(event.body.data.id);
    await waitForDeliveries(
      stack,
      event.body.data.id as string,
      (r) =>
        r.find((x) => x.id === delivery.id)?.attempt_count === 2 && r.every((x) => x.status !== "pending"),
    );
    expect(
      (await stack.call("POST", "/v1/deliveries/00000000-0000-4000-8000-000000000000/retry", { key })).status,
    ).toBe(404);
  });
});

describe("POST /v1/webhooks/{id}/test", () => {
  it("sends a signed webhook.test now and reports the attempt, without counting toward auto-disable", async () => {
    const created = await stack.call("POST", "/v1/webhooks", {
      key,
      body: {
        url: receiver.endpoint("tested", { status: 503, body: "maintenance" }),
        events: ["product.scored"],
      },
    });
    const id = created.body.data.id as string;
    for (let i = 0; i < 3; i++) {
      const answer = await stack.call("POST", `/v1/webhooks/${id}/test`, { key });
      expect(answer.status).toBe(200);
      expect(answer.body.data).toMatchObject({
        success: false,
        outcome: "http_error",
        status_code: 503,
        response_body: "maintenance",
        error: "receiver answered 503",
      });
      expect(answer.body.data.delivery_id).toEqual(expect.any(String));
    }
    const hook = await stack.call("GET", `/v1/webhooks/${id}`, { key });
    expect(hook.body.data).toMatchObject({ status: "active", failure_count: 0 });
    const [request] = receiver.requests("tested");
    expect(JSON.parse(request!.body)).toMatchObject({ type: "webhook.test", data: { webhook_id: id } });

    receiver.endpoint("tested", { status: 204 });
    const ok = await stack.call("POST", `/v1/webhooks/${id}/test`, { key });
    expect(ok.body.data).toMatchObject({ success: true, outcome: "success", status_code: 204, error: null });
    const delivery = await stack.call("GET", `/v1/deliveries/${ok.body.data.delivery_id}`, { key });
    expect(delivery.body.data).toMatchObject({ status: "succeeded", is_test: true, attempt_count: 1 });
  });
});
