// API keys, scopes, tenancy and the per-key rate limit, plus the keys CLI, against a real api.
import { spawnSync } from "node:child_process";
import { repoRoot } from "@herald/local-stack";
import { bundledProgram } from "@herald/local-stack/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HeraldStack } from "../../../test/support/herald-stack.js";

let stack: HeraldStack;

beforeAll(async () => {
  stack = await HeraldStack.start({ env: { API_KEY_CACHE_TTL_MS: "200", RATE_LIMIT_PER_MINUTE: "0" } });
});
afterAll(() => stack?.stop());

function keysCli(args: string[]) {
  const result = spawnSync(process.execPath, [...bundledProgram("apps/api/src/cli/keys.ts"), ...args], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: stack.env.DATABASE_URL },
    encoding: "utf8",
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("authentication", () => {
  it.each([
    ["no Authorization header", undefined, /Authentication required/],
    ["a garbled key", "Bearer not-a-key", /Malformed API key/],
    ["the wrong scheme", "Basic aHJsZF9zazp4", /Malformed API key/],
    ["an unknown key", `Bearer hrld_sk_${"x".repeat(43)}`, /Unknown or revoked/],
  ])("answers 401 for %s", async (_name, authorization, message) => {
    const answer = await stack.call("GET", "/v1/webhooks", {
      headers: authorization ? { authorization } : {},
    });
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ success: false, error: { code: "UNAUTHORIZED" } });
    expect(answer.body.error.message).toMatch(message);
    expect(JSON.stringify(answer.body)).not.toContain("x".repeat(43));
  });

  it("answers 403 naming the missing scope, and * grants everything", async () => {
    const reader = await stack.key(["webhooks:read"]);
    const denied = await stack.call("POST", "/v1/webhooks", {
      key: reader,
      body: { url: "https://a.example/h", events: ["product.scored"] },
    });
    expect(denied.status).toBe(403);
    expect(denied.body.error).toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringContaining("webhooks:write"),
    });
    expect((await stack.call("GET", "/v1/webhooks", { key: reader })).status).toBe(200);
    const events = await stack.call("POST", "/v1/events", {
      key: reader,
      body: { type: "product.scored", data: {} },
    });
    expect(events.body.error.message).toContain("events:write");
    const all = await stack.key(["*"]);
    expect(
      (
        await stack.call("POST", "/v1/webhooks", {
          key: all,
          body: { url: "https://a.example/h", events: ["product.scored"] },
        })
      ).status,
    ).toBe(201);
  });

  it("keeps accounts apart: another account's webhook is 404 for every verb", async () => {
    const mine = await stack.key(["*"], "tenant-a");
    const theirs = await stack.key(["*"], "tenant-b");
    const created = await stack.call("POST", "/v1/webhooks", {
      key: theirs,
      body: { url: "https://b.example/h", events: ["product.scored"] },
    });
    const id = created.body.data.id as string;
    const before = await stack.snapshot();
    for (const [method, path, body] of [
      ["GET", `/v1/webhooks/${id}`],
      ["PATCH", `/v1/webhooks/${id}`, { active: false }],
      ["DELETE", `/v1/webhooks/${id}`],
      ["POST", `/v1/webhooks/${id}/rotate-secret`],
      ["POST", `/v1/webhooks/${id}/test`],
      ["POST", `/v1/webhooks/${id}/recover`, { since: "2026-01-01T00:00:00Z" }],
      ["GET", `/v1/webhooks/${id}/deliveries`],
    ] as const) {
      const answer = await stack.call(method, path, { key: mine, body });
      expect(answer.status, `${method} ${path}`).toBe(404);
      expect(answer.body.error.code).toBe("NOT_FOUND");
    }
    expect(await stack.snapshot()).toEqual(before);
    const list = await stack.call<{ id: string }[]>("GET", "/v1/webhooks", { key: mine });
    expect(list.body.data.map((w) => w.id)).not.toContain(id);
  });

  it("stops a revoked key within the cache TTL and records last use without a write per request", async () => {
    const created = keysCli([
      "create",
      "--account",
      "cli-co",
      "--name",
      "ops",
      "--scopes",
      "webhooks:read,events:write",
      "--json",
    ]);
    expect(created.status, created.stderr).toBe(0);
    const json = JSON.parse(created.stdout) as { id: string; key: string; account: string; scopes: string[] };
    expect(json).toMatchObject({ account: "cli-co", scopes: ["webhooks:read", "events:write"] });
    expect(json.key).toMatch(/^hrld_sk_[A-Za-z0-9_-]{43}$/);
    const [stored] = await stack.query<{ key_hash: string }>("SELECT key_hash FROM api_keys WHERE id = $1", [
      json.id,
    ]);
    expect(stored?.key_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored?.key_hash).not.toContain(json.key.slice(8));

    for (let i = 0; i < 5; i++)
      expect((await stack.call("GET", "/v1/webhooks", { key: json.key })).status).toBe(200);
    const [used] = await stack.query<{ last_used_at: Date | null; xmin: string }>(
      "SELECT last_used_at, xmin::text FROM api_keys WHERE id = $1",
      [json.id],
    );
    expect(used?.last_used_at).not.toBeNull();
    for (let i = 0; i < 5; i++) await stack.call("GET", "/v1/webhooks", { key: json.key });
    const [after] = await stack.query<{ xmin: string }>("SELECT xmin::text FROM api_keys WHERE id = $1", [
      json.id,
    ]);
    expect(after?.xmin).toBe(used?.xmin);

    const listed = keysCli(["list", "--account", "cli-co", "--json"]);
    expect(JSON.parse(listed.stdout)).toEqual([
      expect.objectContaining({ id: json.id, name: "ops", revoked_at: null }),
    ]);
    expect(listed.stdout).not.toContain(json.key);

    const revoked = keysCli(["revoke", json.id, "--json"]);
    expect(revoked.status, revoked.stderr).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const answer = await stack.call("GET", "/v1/webhooks", { key: json.key });
    expect(answer.status).toBe(401);
    expect(answer.body.error.message).toMatch(/revoked/);
  });

  it("refuses bad CLI input with a usage message and a non-zero exit", () => {
    const unknownScope = keysCli(["create", "--account", "a", "--name", "n", "--scopes", "webhooks:rule"]);
    expect(unknownScope.status).toBe(2);
    expect(unknownScope.stderr).toMatch(/unknown scope\(s\): webhooks:rule/);
    expect(keysCli(["create", "--name", "n", "--scopes", "*"]).stderr).toMatch(/--account is required/);
    expect(keysCli(["revoke", "nope"]).stderr).toMatch(/needs a key id/);
    expect(keysCli(["explode"]).status).toBe(2);
  });

  it("never writes API keys or webhook secrets to the logs", async () => {
    const key = await stack.key(["*"]);
    const created = await stack.call("POST", "/v1/webhooks", {
      key,
      body: { url: "https://c.example/h", events: ["product.scored"] },
    });
    await stack.call("GET", "/v1/webhooks", { headers: { authorization: `Bearer ${key}x` } });
    const output = stack.api.output().join("\n");
    expect(output).not.toContain(key.slice(8));
    expect(output).not.toContain(String(created.body.data.secret).slice(6));
  });
});

describe("before the body is read", () => {
  it.each([
    ["no key", undefined],
    ["an unknown key", `Bearer hrld_sk_${"y".repeat(43)}`],
  ])("answers 401 to %s without parsing the body", async (_name, authorization) => {
    const answer = await stack.call("POST", "/v1/events", {
      headers: authorization ? { authorization } : {},
      body: '{"type": "product.scored", "data": {',
    });
    expect(answer.status).toBe(401);
    expect(answer.body.error.code).toBe("UNAUTHORIZED");
  });

  it("answers 401, not 413, to an unauthenticated body over MAX_PAYLOAD_BYTES", async () => {
    const answer = await stack.call("POST", "/v1/events", {
      body: JSON.stringify({ type: "product.scored", data: { blob: "x".repeat(2 * 1024 * 1024) } }),
    });
    expect(answer.status).toBe(401);
  });
});

describe("rate limits", () => {
  let limited: HeraldStack;
  beforeAll(async () => {
    limited = await HeraldStack.start({ env: { RATE_LIMIT_PER_MINUTE: "5", AUTH_FAILURES_PER_MINUTE: "3" } });
  });
  afterAll(() => limited?.stop());

  const get = (url: string, key: string) =>
    fetch(`${url}/v1/webhooks`, { headers: { authorization: `Bearer ${key}` } });

  it("answers 429 with Retry-After past the per-key bucket, counted per key across replicas", async () => {
    const second = await limited.startApp("api");
    const key = await limited.key(["webhooks:read"]);
    const other = await limited.key(["webhooks:read"], "other");
    // Six requests alternating between two API processes: the bucket holds five.
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await get(i % 2 === 0 ? limited.api.url : second.url, key)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    const answer = await limited.call("GET", "/v1/webhooks", { key });
    expect(answer.status).toBe(429);
    expect(answer.body.error.code).toBe("RATE_LIMITED");
    const retryAfter = Number(answer.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect((await limited.call("GET", "/v1/webhooks", { key: other })).status).toBe(200);
    await second.stop();
  });

  it("answers 429 to an address after AUTH_FAILURES_PER_MINUTE failed authentications", async () => {
    const good = await limited.key(["webhooks:read"], "known");
    expect((await get(limited.api.url, good)).status).toBe(200);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await get(limited.api.url, `hrld_sk_${"g".repeat(40)}${i}xyz`)).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    const refused = await limited.call("GET", "/v1/webhooks", { headers: { authorization: "Bearer nope" } });
    expect(refused.status).toBe(429);
    expect(refused.body.error.message).toMatch(/failed authentications/);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    // A key already known good is not held up by its address's failures.
    expect((await get(limited.api.url, good)).status).toBe(200);
  });

  it("keeps limiting in memory while Redis is unreachable, instead of letting everything through", async () => {
    const key = await limited.key(["webhooks:read"], "offline");
    const api = await limited.startApp(
      "api",
      { REDIS_URL: "redis://127.0.0.1:1", RATE_LIMIT_PER_MINUTE: "3" },
      { waitFor: "healthy" },
    );
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await get(api.url, key)).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
    } finally {
      await api.stop();
    }
  });
});
