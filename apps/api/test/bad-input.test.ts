// Every bad input the management API can get: the documented error in the seed envelope, and
// the database exactly as it was.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HeraldStack } from "../../../test/support/herald-stack.js";
import { cases, create, good, pathOf } from "./bad-input-cases.js";

let stack: HeraldStack;
let key: string;
let webhookId: string;

beforeAll(async () => {
  stack = await HeraldStack.start({
    env: { ALLOW_HTTP_URLS: "false", ALLOWED_PRIVATE_NETWORKS: "", MAX_PAYLOAD_BYTES: "4096" },
  });
  key = await stack.key(["webhooks:read", "webhooks:write", "events:write"]);
  const created = await stack.call("POST", "/v1/webhooks", { key, body: good });
  webhookId = created.body.data.id as string;
});
afterAll(() => stack?.stop());

describe("bad input to the webhook API", () => {
  it.each(cases)("$name → $status $code, nothing changed", async (c) => {
    const before = await stack.snapshot();
    const answer = await stack.call(c.method ?? "POST", pathOf(c, webhookId), {
      key,
      body: c.body,
      headers: c.headers,
    });
    expect(answer.status).toBe(c.status);
    expect(answer.body.success).toBe(false);
    expect(answer.body.error.code).toBe(c.code);
    expect(answer.body.error.message.length).toBeGreaterThan(0);
    expect(answer.body.meta.request_id).toMatch(/^[0-9a-f]{32}$/);
    for (const [field, pattern] of Object.entries(c.details ?? {})) {
      expect(
        answer.body.error.details?.[field],
        `details.${field} in ${JSON.stringify(answer.body.error.details)}`,
      ).toMatch(pattern);
    }
    expect(await stack.snapshot()).toEqual(before);
  });
});

describe("URLs are stored as they will be requested", () => {
  it.each([
    ["https://Hooks.Example.COM:443/a/../in?x=1#section", "https://hooks.example.com/in?x=1"],
    ["https://hooks.example.com/caf\u00e9 bar", "https://hooks.example.com/caf%C3%A9%20bar"],
    ["https://b\u00fccher.example/in", "https://xn--bcher-kva.example/in"],
  ])("%s → %s", async (url, stored) => {
    const created = await stack.call("POST", "/v1/webhooks", { key, body: create({ url }) });
    expect(created.status).toBe(201);
    expect(created.body.data.url).toBe(stored);
    const [row] = await stack.query<{ url: string }>("SELECT url FROM webhooks WHERE id = $1", [
      created.body.data.id,
    ]);
    expect(row?.url).toBe(stored);
    await stack.call("DELETE", `/v1/webhooks/${created.body.data.id}`, { key });
  });
});

describe("POST /test to a blocked destination", () => {
  it("answers 'destination not allowed' and logs the detail for the operator only", async () => {
    // A row stored before trailing-dot names were refused; it must still never be sent.
    await stack.query("UPDATE webhooks SET url = 'https://localhost./in' WHERE id = $1", [webhookId]);
    try {
      const answer = await stack.call("POST", `/v1/webhooks/${webhookId}/test`, { key });
      expect(answer.status).toBe(200);
      expect(answer.body.data).toMatchObject({
        success: false,
        outcome: "blocked",
        error: "destination not allowed",
      });
      await expect
        .poll(() => stack.api.output().some((line) => line.includes("delivery blocked")))
        .toBe(true);
    } finally {
      await stack.query("UPDATE webhooks SET url = $2 WHERE id = $1", [webhookId, good.url]);
    }
  });
});
