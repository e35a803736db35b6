// Portal sessions: minted by an API key, account-scoped, read or manage rights, revocable,
// expiring, frameable only by the origins they name, and never a way into another account.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HeraldStack } from "../../../test/support/herald-stack.js";

let stack: HeraldStack;
let acme: string;
// Another account's webhook, event and delivery: nothing of them may show through acme's sessions.
const other = { key: "", webhook: "", event: "", delivery: "" };

interface Session {
  id: string;
  url: string;
  rights: string;
  allowed_origins: string[];
  expires_at: string;
}

async function session(body: Record<string, unknown> = {}, key = acme): Promise<Session & { token: string }> {
  const answer = await stack.call<Session>("POST", "/v1/portal-sessions", { key, body });
  expect(answer.status).toBe(201);
  const token = new URL(answer.body.data.url).hash.slice(1);
  return { ...answer.body.data, token };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 300)); // past API_KEY_CACHE_TTL_MS

beforeAll(async () => {
  stack = await HeraldStack.start({ env: { API_KEY_CACHE_TTL_MS: "200", RATE_LIMIT_PER_MINUTE: "0" } });
  acme = await stack.key(["*"], "acme");
  other.key = await stack.key(["*"], "globex");
  const webhook = await stack.call<{ id: string }>("POST", "/v1/webhooks", {
    key: other.key,
    body: { url: "https://globex.example/hook", events: ["product.scored"] },
  });
  other.webhook = webhook.body.data.id;
  const event = await stack.call<{ id: string }>("POST", "/v1/events", {
    key: other.key,
    body: { type: "product.scored", data: { secret: "globex-only" } },
  });
  other.event = event.body.data.id;
  const [delivery] = await stack.query<{ id: string }>("SELECT id FROM deliveries WHERE event_id = $1", [
    other.event,
  ]);
  other.delivery = delivery?.id ?? "";
  await stack.call("POST", "/v1/webhooks", {
    key: acme,
    body: { url: "https://acme.example/hook", events: ["product.scored"] },
  });
});
afterAll(() => stack?.stop());

describe("POST /v1/portal-sessions", () => {
  it("returns a link to the UI for one hour with read rights by default, the token only in the fragment", async () => {
    const before = Date.now();
    const created = await session();
    expect(created.rights).toBe("read");
    expect(created.allowed_origins).toEqual([]);
    const url = new URL(created.url);
    expect(`${url.origin}${url.pathname}`).toBe(`${stack.api.url}/ui/portal/${created.id}`);
    expect(created.token).toMatch(/^hrld_ps_[A-Za-z0-9_-]{43}$/);
    const lifetime = new Date(created.expires_at).getTime() - before;
    expect(lifetime).toBeGreaterThan(3590_000);
    expect(lifetime).toBeLessThanOrEqual(3601_000);
    const [row] = await stack.query<{ token_hash: string }>(
      "SELECT token_hash FROM portal_sessions WHERE id = $1",
      [created.id],
    );
    expect(row?.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row?.token_hash).not.toContain(created.token.slice(8));
  });

  it.each([
    ["a lifetime past 24 h", { expires_in: 86_401 }, "expires_in"],
    ["a lifetime under a minute", { expires_in: 10 }, "expires_in"],
    ["unknown rights", { rights: "admin" }, "rights"],
    ["an origin with a path", { allowed_origins: ["https://shop.example/embed"] }, "allowed_origins.0"],
    ["an origin that is not http(s)", { allowed_origins: ["javascript:alert(1)"] }, "allowed_origins.0"],
    ["an unknown field", { account_id: "x" }, "account_id"],
  ])("refuses %s with 422 and creates nothing", async (_name, body, field) => {
    const [before] = await stack.query<{ n: number }>("SELECT count(*)::int AS n FROM portal_sessions");
    const answer = await stack.call("POST", "/v1/portal-sessions", { key: acme, body });
    expect(answer.status).toBe(422);
    expect(answer.body.error.code).toBe("VALIDATION_ERROR");
    expect(Object.keys(answer.body.error.details ?? {})).toContain(field);
    const [after] = await stack.query<{ n: number }>("SELECT count(*)::int AS n FROM portal_sessions");
    expect(after?.n).toBe(before?.n);
  });

  it("needs webhooks:write, and a portal session cannot mint or revoke sessions", async () => {
    const reader = await stack.key(["webhooks:read"], "acme");
    const denied = await stack.call("POST", "/v1/portal-sessions", { key: reader, body: {} });
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toContain("webhooks:write");
    const manage = await session({ rights: "manage" });
    const minted = await stack.call("POST", "/v1/portal-sessions", { key: manage.token, body: {} });
    expect(minted.status).toBe(403);
    expect(minted.body.error.message).toMatch(/portal session cannot/);
    const revoked = await stack.call("DELETE", `/v1/portal-sessions/${manage.id}`, { key: manage.token });
    expect(revoked.status).toBe(403);
  });
});

describe("a portal session as a credential", () => {
  it("reads its own account and nothing of another, by any route", async () => {
    const { token } = await session({ rights: "manage" });
    const list = await stack.call<{ url: string }[]>("GET", "/v1/webhooks", { key: token });
    expect(list.status).toBe(200);
    expect(list.body.data.map((webhook) => webhook.url)).toEqual(["https://acme.example/hook"]);
    const events = await stack.call<{ id: string }[]>("GET", "/v1/events", { key: token });
    expect(events.status).toBe(200);
    expect(events.body.data.map((event) => event.id)).not.toContain(other.event);
    for (const [method, path] of [
      ["GET", `/v1/webhooks/${other.webhook}`],
      ["GET", `/v1/webhooks/${other.webhook}/deliveries`],
      ["PATCH", `/v1/webhooks/${other.webhook}`],
      ["DELETE", `/v1/webhooks/${other.webhook}`],
      ["POST", `/v1/webhooks/${other.webhook}/rotate-secret`],
      ["POST", `/v1/webhooks/${other.webhook}/test`],
      ["POST", `/v1/webhooks/${other.webhook}/recover`],
      ["GET", `/v1/deliveries/${other.delivery}`],
      ["GET", `/v1/deliveries/${other.delivery}/attempts`],
      ["POST", `/v1/deliveries/${other.delivery}/retry`],
      ["GET", `/v1/events/${other.event}`],
      ["GET", `/v1/events/${other.event}/deliveries`],
      ["GET", `/api/v1/webhooks/${other.webhook}`],
    ] as const) {
      const body = path.endsWith("/recover") ? { since: "2020-01-01T00:00:00Z" } : undefined;
      const answer = await stack.call(method, path, { key: token, body });
      expect([method, path, answer.status]).toEqual([method, path, 404]);
      expect(JSON.stringify(answer.body)).not.toContain("globex");
    }
  });

  it("with read rights is refused every write, and nothing changes", async () => {
    const { token } = await session({ rights: "read" });
    const [mine] = await stack.query<{ id: string }>(
      "SELECT w.id FROM webhooks w JOIN accounts a ON a.id = w.account_id WHERE a.name = 'acme'",
    );
    const before = await stack.snapshot();
    for (const [method, path, scope, body] of [
      [
        "POST",
        "/v1/webhooks",
        "webhooks:write",
        { url: "https://acme.example/2", events: ["product.scored"] },
      ],
      ["PATCH", `/v1/webhooks/${mine?.id}`, "webhooks:write", { description: "changed" }],
      ["POST", `/v1/webhooks/${mine?.id}/rotate-secret`, "webhooks:write", {}],
      ["POST", "/v1/events", "events:write", { type: "product.scored", data: {} }],
      ["POST", `/v1/deliveries/${other.delivery}/retry`, "deliveries:write", {}],
    ] as const) {
      const answer = await stack.call(method, path, { key: token, body });
      expect([path, answer.status]).toEqual([path, 403]);
      expect(answer.body.error.message).toBe(`This portal session lacks the scope ${scope}`);
    }
    expect(await stack.snapshot()).toEqual(before);
  });

  it("with manage rights changes its account's webhooks but never ingests events", async () => {
    const { token } = await session({ rights: "manage" });
    const [mine] = await stack.query<{ id: string }>(
      "SELECT w.id FROM webhooks w JOIN accounts a ON a.id = w.account_id WHERE a.name = 'acme'",
    );
    const patched = await stack.call("PATCH", `/v1/webhooks/${mine?.id}`, {
      key: token,
      body: { description: "from the portal" },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.data).toMatchObject({ description: "from the portal" });
    const ingest = await stack.call("POST", "/v1/events", {
      key: token,
      body: { type: "product.scored", data: {} },
    });
    expect(ingest.status).toBe(403);
  });

  it("tells the UI its own rights and end, and an API key has no such session", async () => {
    const created = await session({ rights: "manage", allowed_origins: ["https://shop.example"] });
    const current = await stack.call("GET", "/v1/portal-sessions/current", { key: created.token });
    expect(current.status).toBe(200);
    expect(current.body.data).toEqual({
      id: created.id,
      rights: "manage",
      allowed_origins: ["https://shop.example"],
      expires_at: created.expires_at,
    });
    const byKey = await stack.call("GET", "/v1/portal-sessions/current", { key: acme });
    expect(byKey.status).toBe(404);
  });

  it("stops working once revoked, and only its own account can revoke it", async () => {
    const created = await session();
    expect((await stack.call("GET", "/v1/webhooks", { key: created.token })).status).toBe(200);
    const foreign = await stack.call("DELETE", `/v1/portal-sessions/${created.id}`, { key: other.key });
    expect(foreign.status).toBe(404);
    const revoked = await stack.call("DELETE", `/v1/portal-sessions/${created.id}`, { key: acme });
    expect(revoked.status).toBe(200);
    expect(revoked.body.data).toEqual({ id: created.id, revoked: true });
    await settle();
    const refused = await stack.call("GET", "/v1/webhooks", { key: created.token });
    expect(refused.status).toBe(401);
    expect(refused.body.error.message).toBe("Unknown, revoked or expired portal session");
    expect(JSON.stringify(refused.body)).not.toContain(created.token.slice(8));
    expect((await stack.call("DELETE", `/v1/portal-sessions/${created.id}`, { key: acme })).status).toBe(404);
  });

  it("stops working at its expiry", async () => {
    const created = await session();
    expect((await stack.call("GET", "/v1/webhooks", { key: created.token })).status).toBe(200);
    await stack.query("UPDATE portal_sessions SET expires_at = now() - interval '1 second' WHERE id = $1", [
      created.id,
    ]);
    await settle();
    expect((await stack.call("GET", "/v1/webhooks", { key: created.token })).status).toBe(401);
  });
});

describe("the portal page", () => {
  const frameAncestors = (response: Response) =>
    /frame-ancestors ([^;]+)/.exec(response.headers.get("content-security-policy") ?? "")?.[1];

  it("may be framed only by the session's origins, and /ui by none", async () => {
    const created = await session({ allowed_origins: ["https://shop.example", "http://127.0.0.1:4321"] });
    const portal = await fetch(`${stack.api.url}/ui/portal/${created.id}`);
    expect(portal.status).toBe(200);
    expect(await portal.text()).toContain('<div id="app">');
    expect(frameAncestors(portal)).toBe("https://shop.example http://127.0.0.1:4321");
    expect(frameAncestors(await fetch(`${stack.api.url}/ui/`))).toBe("'none'");
    expect(frameAncestors(await fetch(`${stack.api.url}/ui/portal/not-an-id`))).toBe("'none'");
    await stack.call("DELETE", `/v1/portal-sessions/${created.id}`, { key: acme });
    expect(frameAncestors(await fetch(`${stack.api.url}/ui/portal/${created.id}`))).toBe("'none'");
  });
});
