// Service keys (scope accounts:*) act for any account named in the Herald-Account header and manage
// accounts and keys; account keys work as before and can never name another account.
import { spawnSync } from "node:child_process";
import { repoRoot } from "@herald/local-stack";
import { bundledProgram } from "@herald/local-stack/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HeraldStack } from "../../../test/support/herald-stack.js";

let stack: HeraldStack;
let service: string;
const hook = { url: "https://hooks.example.com/in", events: ["product.scored"] };

beforeAll(async () => {
  stack = await HeraldStack.start({
    env: { API_KEY_CACHE_TTL_MS: "60000", RATE_LIMIT_PER_MINUTE: "0", ALLOW_HTTP_URLS: "false" },
  });
  // The service key comes from the keys CLI, as an operator makes one.
  const cli = spawnSync(
    process.execPath,
    [
      ...bundledProgram("apps/api/src/cli/keys.ts"),
      ...["create", "--account", "vendor", "--name", "producer", "--scopes", "accounts:*,*", "--json"],
    ],
    { cwd: repoRoot, env: { ...process.env, DATABASE_URL: stack.env.DATABASE_URL }, encoding: "utf8" },
  );
  expect(cli.status, cli.stderr).toBe(0);
  const created = JSON.parse(cli.stdout) as { key: string; scopes: string[] };
  expect(created.scopes).toEqual(["accounts:*", "*"]);
  service = created.key;
});
afterAll(() => stack?.stop());

const as = (account: string) => ({ "Herald-Account": account });

describe("a service key", () => {
  it("creates two accounts, a webhook in each by naming the account, and publishes to each", async () => {
    const accounts: { id: string; name: string }[] = [];
    for (const name of ["shop-one", "shop-two"]) {
      const answer = await stack.call<{ id: string; name: string }>("POST", "/v1/accounts", {
        key: service,
        body: { name },
      });
      expect(answer.status).toBe(201);
      expect(answer.body.data.name).toBe(name);
      accounts.push(answer.body.data);
    }
    const [one, two] = accounts as [{ id: string; name: string }, { id: string; name: string }];
    // One named by id, the other by name.
    const webhooks: string[] = [];
    for (const account of [one.id, two.name]) {
      const answer = await stack.call<{ id: string }>("POST", "/v1/webhooks", {
        key: service,
        headers: as(account),
        body: hook,
      });
      expect(answer.status).toBe(201);
      webhooks.push(answer.body.data.id);
    }
    const owners = await stack.query<{ id: string; account_id: string }>(
      "SELECT id, account_id FROM webhooks WHERE id = ANY($1) ORDER BY account_id = $2 DESC",
      [webhooks, one.id],
    );
    expect(owners).toEqual([
      { id: webhooks[0], account_id: one.id },
      { id: webhooks[1], account_id: two.id },
    ]);

    for (const [index, account] of [one, two].entries()) {
      const sent = await stack.call<{ id: string; deliveries: number }>("POST", "/v1/events", {
        key: service,
        headers: as(account.name),
        body: { type: "product.scored", data: { shop: account.name } },
      });
      expect(sent.status).toBe(202);
      expect(sent.body.data.deliveries).toBe(1);
      const rows = await stack.query<{ account_id: string; webhook_id: string }>(
        "SELECT e.account_id, d.webhook_id FROM events e JOIN deliveries d ON d.event_id = e.id WHERE e.id = $1",
        [sent.body.data.id],
      );
      expect(rows).toEqual([{ account_id: account.id, webhook_id: webhooks[index] }]);
    }

    // Each account sees its own webhook only.
    const listed = await stack.call<{ id: string }[]>("GET", "/v1/webhooks", {
      key: service,
      headers: as(two.id),
    });
    expect(listed.body.data.map((webhook) => webhook.id)).toEqual([webhooks[1]]);
  });

  it("acts for its own account without the header, and gets 404 for an unknown account", async () => {
    const own = await stack.call<unknown[]>("GET", "/v1/webhooks", { key: service });
    expect(own.status).toBe(200);
    for (const unknown of ["no-such-shop", "00000000-0000-4000-8000-000000000000"]) {
      const answer = await stack.call("GET", "/v1/webhooks", { key: service, headers: as(unknown) });
      expect(answer.status).toBe(404);
      expect(answer.body.error).toMatchObject({
        code: "NOT_FOUND",
        message: expect.stringMatching(/Herald-Account/),
      });
    }
  });

  it("gets accounts by id and name, lists them, and makes, lists and revokes their keys", async () => {
    const made = await stack.call<{ id: string }>("POST", "/v1/accounts", {
      key: service,
      body: { name: "keyed" },
    });
    const byName = await stack.call<{ id: string }>("GET", "/v1/accounts/keyed", { key: service });
    const byId = await stack.call<{ name: string }>("GET", `/v1/accounts/${made.body.data.id}`, {
      key: service,
    });
    expect(byName.body.data.id).toBe(made.body.data.id);
    expect(byId.body.data.name).toBe("keyed");
    const listed = await stack.call<{ name: string }[]>("GET", "/v1/accounts?limit=100", { key: service });
    expect(listed.body.data.map((account) => account.name)).toContain("keyed");

    const key = await stack.call<{ id: string; key: string; prefix: string; scopes: string[] }>(
      "POST",
      "/v1/accounts/keyed/keys",
      { key: service, body: { name: "billing", scopes: ["webhooks:read"] } },
    );
    expect(key.status).toBe(201);
    expect(key.body.data.key).toMatch(/^hrld_sk_/);
    expect(key.body.data.key.startsWith(key.body.data.prefix.replace("…", ""))).toBe(true);
    const used = await stack.call<unknown[]>("GET", "/v1/webhooks", { key: key.body.data.key });
    expect(used.status).toBe(200);
    const keys = await stack.call<Record<string, unknown>[]>("GET", "/v1/accounts/keyed/keys", {
      key: service,
    });
    expect(keys.body.data.map((row) => row.id)).toEqual([key.body.data.id]);
    expect(JSON.stringify(keys.body)).not.toContain(key.body.data.key);

    const revoked = await stack.call<{ revoked_at: string | null }>(
      "DELETE",
      `/v1/accounts/keyed/keys/${key.body.data.id}`,
      { key: service },
    );
    expect(revoked.status).toBe(200);
    expect(revoked.body.data.revoked_at).not.toBeNull();
    // At once, although keys are cached for a minute in this stack.
    const after = await stack.call("GET", "/v1/webhooks", { key: key.body.data.key });
    expect(after.status).toBe(401);
  });
});

describe("an account key", () => {
  it("gets 404 for another account's webhook and 403 for naming another account", async () => {
    const mine = await stack.key(["*"], "tenant-a");
    const theirs = await stack.key(["*"], "tenant-b");
    const webhook = await stack.call<{ id: string }>("POST", "/v1/webhooks", { key: theirs, body: hook });
    const other = await stack.call("GET", `/v1/webhooks/${webhook.body.data.id}`, { key: mine });
    expect(other.status).toBe(404);
    expect(other.body.error.code).toBe("NOT_FOUND");

    const before = await stack.snapshot();
    for (const named of ["tenant-b", "no-such-tenant"]) {
      const answer = await stack.call("POST", "/v1/webhooks", { key: mine, headers: as(named), body: hook });
      expect(answer.status).toBe(403);
      expect(answer.body.error).toMatchObject({
        code: "FORBIDDEN",
        message: expect.stringMatching(/service key/),
        details: { "Herald-Account": "not this credential's account" },
      });
    }
    expect(await stack.snapshot()).toEqual(before);
    // Naming its own account is allowed.
    const own = await stack.call("GET", "/v1/webhooks", { key: mine, headers: as("tenant-a") });
    expect(own.status).toBe(200);
  });

  it("cannot use the accounts API, even with *", async () => {
    const key = await stack.key(["*"], "tenant-a");
    for (const [method, path] of [
      ["GET", "/v1/accounts"],
      ["POST", "/v1/accounts"],
      ["GET", "/v1/accounts/tenant-a/keys"],
    ] as const) {
      const answer = await stack.call(method, path, {
        key,
        body: method === "POST" ? { name: "x" } : undefined,
      });
      expect(answer.status).toBe(403);
      expect(answer.body.error.message).toMatch(/accounts:\*/);
    }
  });
});

describe("bad input to the accounts API", () => {
  const counts = async () =>
    (
      await stack.query<{ accounts: string; keys: string; revoked: string }>(
        `SELECT (SELECT count(*) FROM accounts)::text AS accounts, (SELECT count(*) FROM api_keys)::text AS keys,
                (SELECT count(*) FROM api_keys WHERE revoked_at IS NOT NULL)::text AS revoked`,
      )
    )[0];

  it.each([
    {
      name: "no name",
      method: "POST",
      path: "/v1/accounts",
      body: {},
      status: 422,
      details: { name: /required/ },
    },
    {
      name: "name with a space",
      method: "POST",
      path: "/v1/accounts",
      body: { name: "a b" },
      status: 422,
      details: { name: /letters/ },
    },
    {
      name: "uuid as a name",
      method: "POST",
      path: "/v1/accounts",
      body: { name: "00000000-0000-4000-8000-000000000000" },
      status: 422,
      details: { name: /uuid/ },
    },
    {
      name: "unknown field",
      method: "POST",
      path: "/v1/accounts",
      body: { name: "ok", plan: "gold" },
      status: 422,
      details: { plan: /unknown field/ },
    },
    {
      name: "taken name",
      method: "POST",
      path: "/v1/accounts",
      body: { name: "vendor" },
      status: 409,
      details: { name: /taken/ },
    },
    {
      name: "key for an unknown account",
      method: "POST",
      path: "/v1/accounts/nobody/keys",
      body: { name: "k", scopes: ["*"] },
      status: 404,
    },
    {
      name: "key without scopes",
      method: "POST",
      path: "/v1/accounts/vendor/keys",
      body: { name: "k", scopes: [] },
      status: 422,
      details: { scopes: /at least one/ },
    },
    {
      name: "key with an unknown scope",
      method: "POST",
      path: "/v1/accounts/vendor/keys",
      body: { name: "k", scopes: ["root"] },
      status: 422,
      details: { "scopes.0": /must be one of/ },
    },
    {
      name: "service key through the API",
      method: "POST",
      path: "/v1/accounts/vendor/keys",
      body: { name: "k", scopes: ["accounts:*"] },
      status: 422,
      details: { "scopes.0": /must be one of/ },
    },
    {
      name: "a scope twice",
      method: "POST",
      path: "/v1/accounts/vendor/keys",
      body: { name: "k", scopes: ["*", "*"] },
      status: 422,
      details: { scopes: /twice/ },
    },
    {
      name: "empty key name",
      method: "POST",
      path: "/v1/accounts/vendor/keys",
      body: { name: " ", scopes: ["*"] },
      status: 422,
      details: { name: /empty/ },
    },
    {
      name: "revoke an unknown key",
      method: "DELETE",
      path: "/v1/accounts/vendor/keys/00000000-0000-4000-8000-000000000000",
      status: 404,
    },
    {
      name: "revoke a malformed key id",
      method: "DELETE",
      path: "/v1/accounts/vendor/keys/nope",
      status: 404,
    },
    {
      name: "bad cursor",
      method: "GET",
      path: "/v1/accounts?cursor=zzz",
      status: 422,
      details: { cursor: /cursor/ },
    },
    {
      name: "empty Herald-Account",
      method: "GET",
      path: "/v1/webhooks",
      headers: { "Herald-Account": " " },
      status: 422,
      details: { "Herald-Account": /1 to 200/ },
    },
  ])("$name → $status, nothing changed", async ({ method, path, body, headers, status, details }) => {
    const before = [await counts(), await stack.snapshot()];
    const answer = await stack.call(method, path, { key: service, body, headers });
    expect(answer.status).toBe(status);
    expect(answer.body.success).toBe(false);
    for (const [field, pattern] of Object.entries(details ?? {}))
      expect(answer.body.error.details?.[field], field).toMatch(pattern);
    expect([await counts(), await stack.snapshot()]).toEqual(before);
  });

  it("never revokes another account's key through this account's path", async () => {
    const other = await stack.call<{ id: string }>("POST", "/v1/accounts/vendor/keys", {
      key: service,
      body: { name: "vendor-extra", scopes: ["events:write"] },
    });
    await stack.call("POST", "/v1/accounts", { key: service, body: { name: "bystander" } });
    const before = await counts();
    const answer = await stack.call("DELETE", `/v1/accounts/bystander/keys/${other.body.data.id}`, {
      key: service,
    });
    expect(answer.status).toBe(404);
    expect(await counts()).toEqual(before);
  });
});
