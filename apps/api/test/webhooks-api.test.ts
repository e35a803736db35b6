// The webhook management API over real HTTP against a real api process and Postgres, in both
// seed vendors' shapes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HeraldStack } from "../../../test/support/herald-stack.js";

let stack: HeraldStack;
let key: string;
const hook = (n: number) => `https://hooks.example.com/receiver/${n}`;

beforeAll(async () => {
  stack = await HeraldStack.start();
  key = await stack.key(["webhooks:read", "webhooks:write"]);
});
afterAll(() => stack?.stop());

const WEBHOOK_FIELDS = [
  "active",
  "circuit",
  "circuit_retry_at",
  "created_at",
  "description",
  "disabled_reason",
  "events",
  "failure_count",
  "headers",
  "id",
  "last_error",
  "last_failure_at",
  "last_success_at",
  "last_triggered_at",
  "last_used_at",
  "max_in_flight",
  "ordered",
  "rate_limit_per_second",
  "retry_schedule",
  "status",
  "timeout_ms",
  "updated_at",
  "url",
];

describe("webhooks", () => {
  it("creates from the wrapped shape (beaconed) with a whsec_ secret shown once", async () => {
    const created = await stack.call("POST", "/v1/webhooks", {
      key,
      body: { webhook: { url: hook(1), events: ["optimization.applied", "product.scored"] } },
    });
    expect(created.status).toBe(201);
    expect(created.body.success).toBe(true);
    const data = created.body.data;
    expect(Object.keys(data).sort()).toEqual([...WEBHOOK_FIELDS, "secret"].sort());
    expect(data).toMatchObject({
      url: hook(1),
      events: ["optimization.applied", "product.scored"],
      status: "active",
      active: true,
      failure_count: 0,
    });
    expect(data.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(String(data.secret).slice(6), "base64")).toHaveLength(32);
    expect(created.body.meta.request_id).toMatch(/^[0-9a-f]{32}$/);
    expect(created.headers.get("x-request-id")).toBe(created.body.meta.request_id);

    const fetched = await stack.call("GET", `/v1/webhooks/${data.id}`, { key });
    expect(fetched.status).toBe(200);
    expect(Object.keys(fetched.body.data).sort()).toEqual(WEBHOOK_FIELDS);
    expect(fetched.body.data).toEqual(
      Object.fromEntries(Object.entries(data).filter(([k]) => k !== "secret")),
    );
    // Stored encrypted, never in plain text.
    const [row] = await stack.query<{ secret_encrypted: string }>(
      "SELECT secret_encrypted FROM webhooks WHERE id = $1",
      [data.id],
    );
    expect(row?.secret_encrypted).not.toContain(String(data.secret).slice(6));
    expect(row?.secret_encrypted.startsWith("v1.")).toBe(true);
  });

  it("creates from the unwrapped shape (beel) and keeps a well-formed X-Request-Id", async () => {
    const requestId = "0123456789abcdef0123456789abcdef";
    const created = await stack.call("POST", "/api/v1/webhooks", {
      key,
      headers: { "x-request-id": requestId },
      body: { url: hook(2), events: ["*"], description: "everything", active: false },
    });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({
      events: ["*"],
      description: "everything",
      active: false,
      status: "disabled",
    });
    expect(created.body.meta.request_id).toBe(requestId);
    const garbled = await stack.call("GET", "/v1/webhooks", {
      key,
      headers: { "x-request-id": "not-an-id" },
    });
    expect(garbled.body.meta.request_id).not.toBe("not-an-id");
  });

  it("patches only the given fields, wrapped or not, with status or active", async () => {
    const { body } = await stack.call("POST", "/v1/webhooks", {
      key,
      body: { url: hook(3), events: ["product.scored"], description: "keep me" },
    });
    const id = body.data.id as string;
    const wrapped = await stack.call("PATCH", `/v1/webhooks/${id}`, {
      key,
      body: { webhook: { events: ["optimization.applied"] } },
    });
    expect(wrapped.status).toBe(200);
    expect(wrapped.body.data).toMatchObject({
      url: hook(3),
      events: ["optimization.applied"],
      description: "keep me",
      status: "active",
    });
    const disabled = await stack.call("PATCH", `/v1/webhooks/${id}`, { key, body: { active: false } });
    expect(disabled.body.data).toMatchObject({
      status: "disabled",
      active: false,
      disabled_reason: "disabled through the API",
    });
    const enabled = await stack.call("PATCH", `/api/v1/webhooks/${id}`, {
      key,
      body: { webhook: { status: "active" } },
    });
    expect(enabled.body.data).toMatchObject({
      status: "active",
      active: true,
      disabled_reason: null,
      failure_count: 0,
    });
    const moved = await stack.call("PATCH", `/v1/webhooks/${id}`, { key, body: { url: hook(33) } });
    expect(moved.body.data).toMatchObject({ url: hook(33), events: ["optimization.applied"] });
    // The beel example sends an empty object: nothing changes.
    const before = await stack.call("GET", `/v1/webhooks/${id}`, { key });
    const empty = await stack.call("PATCH", `/v1/webhooks/${id}`, { key, body: {} });
    expect(empty.status).toBe(200);
    expect(empty.body.data).toEqual(before.body.data);
  });

  it("deletes: gone from reads and lists, and its pending deliveries stop", async () => {
    const { body } = await stack.call("POST", "/v1/webhooks", {
      key,
      body: { url: hook(4), events: ["product.scored"] },
    });
    const id = body.data.id as string;
    const deleted = await stack.call("DELETE", `/v1/webhooks/${id}`, { key });
    expect(deleted.status).toBe(200);
    expect(deleted.body.data).toEqual({ id, deleted: true });
    expect((await stack.call("GET", `/v1/webhooks/${id}`, { key })).status).toBe(404);
    expect((await stack.call("DELETE", `/v1/webhooks/${id}`, { key })).status).toBe(404);
    const list = await stack.call<{ id: string }[]>("GET", "/v1/webhooks?limit=100", { key });
    expect(list.body.data.map((w) => w.id)).not.toContain(id);
  });

  it("lists newest first with limit, an opaque cursor and meta.next_cursor", async () => {
    const other = await stack.key(["webhooks:read", "webhooks:write"], "paging-co");
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const { body } = await stack.call("POST", "/v1/webhooks", {
        key: other,
        body: { url: hook(100 + i), events: ["product.synced"] },
      });
      ids.push(body.data.id as string);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const answer: Awaited<ReturnType<typeof stack.call<{ id: string }[]>>> = await stack.call<
        { id: string }[]
      >("GET", `/v1/webhooks?limit=2${cursor ? `&cursor=${cursor}` : ""}`, { key: other });
      expect(answer.status).toBe(200);
      expect(answer.body.data.length).toBeLessThanOrEqual(2);
      expect(answer.body.meta.limit).toBe(2);
      seen.push(...answer.body.data.map((w) => w.id));
      cursor = answer.body.meta.next_cursor as string | null;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
  });

  it("rotates the secret: new one returned once, old one invalid at once unless a grace period is asked", async () => {
    const { body } = await stack.call("POST", "/v1/webhooks", {
      key,
      body: { url: hook(5), events: ["product.scored"] },
    });
    const id = body.data.id as string;
    const rotated = await stack.call("POST", `/v1/webhooks/${id}/rotate-secret`, { key });
    expect(rotated.status).toBe(200);
    expect(rotated.body.data.secret).toMatch(/^whsec_/);
    expect(rotated.body.data.secret).not.toBe(body.data.secret);
    expect(rotated.body.data.previous_secret_expires_at).toBeNull();
    const [row] = await stack.query<{ previous_secrets: unknown[] }>(
      "SELECT previous_secrets FROM webhooks WHERE id = $1",
      [id],
    );
    expect(row?.previous_secrets).toEqual([]);

    const graced = await stack.call("POST", `/v1/webhooks/${id}/rotate-secret`, {
      key,
      body: { grace_period_seconds: 3600 },
    });
    expect(graced.status).toBe(200);
    const expires = Date.parse(String(graced.body.data.previous_secret_expires_at));
    expect(expires - Date.now()).toBeGreaterThan(3590_000);
    expect(expires - Date.now()).toBeLessThan(3610_000);
    expect((await stack.call("GET", `/v1/webhooks/${id}`, { key })).body.data.secret).toBeUndefined();
  });

  it("serves the event catalog without taking 'events' for an id", async () => {
    const catalog = await stack.call<{ name: string; description: string }[]>("GET", "/v1/webhooks/events", {
      key,
    });
    expect(catalog.status).toBe(200);
    expect(catalog.body.data.map((e) => e.name)).toEqual([
      "optimization.created",
      "optimization.approved",
      "optimization.rejected",
      "optimization.applied",
      "optimization.reverted",
      "product.scored",
      "product.synced",
      "webhook.test",
      "webhook.disabled",
      "webhook.enabled",
      "webhook.circuit_opened",
      "delivery.exhausted",
    ]);
    for (const entry of catalog.body.data) expect(entry.description.length).toBeGreaterThan(0);
  });

  it("answers unknown routes with 404 in the envelope", async () => {
    const answer = await stack.call("GET", "/v1/nothing-here", { key });
    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({ success: false, error: { code: "NOT_FOUND" } });
    expect((await stack.call("GET", "/nope")).body.error.code).toBe("NOT_FOUND");
  });
});
