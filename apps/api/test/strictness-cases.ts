// Requests beyond the management API's bad-input table (bad-input-cases.ts), for the check that the
// document is exactly as strict as the server (openapi-strictness.test.ts). The server's answer
// decides what each must be: refused (400/422) means invalid against the document, accepted valid.
// "{webhook}" in a path is a webhook the test created; `service` uses a service key.
export interface StrictnessCase {
  name: string;
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: unknown;
  service?: boolean;
}

const event = { type: "product.scored", data: { product_id: "sku-1042", score: 87 } };
const hook = { url: "https://hooks.acme-shop.com/in", events: ["product.scored"] };
const post = (path: string, name: string, body: unknown, extra: Partial<StrictnessCase> = {}) => ({
  name,
  method: "POST",
  path,
  body,
  ...extra,
});
const get = (path: string, name: string, extra: Partial<StrictnessCase> = {}) => ({
  name,
  method: "GET",
  path,
  ...extra,
});
const key = (value: string) => ({ headers: { "Idempotency-Key": value } });

export const strictnessCases: StrictnessCase[] = [
  post("/v1/events", "an event", event),
  post("/v1/events", "Idempotency-Key: order 42", event, key("order 42")),
  post("/v1/events", "an empty Idempotency-Key", event, key("")),
  post("/v1/events", "an Idempotency-Key of 256 characters", event, key("k".repeat(256))),
  post("/v1/events", "Idempotency-Key: order-42", event, key("order-42")),
  post("/v1/events", "an event with an extra field", { ...event, colour: "red" }),
  post("/v1/events", "an event whose data is a list", { ...event, data: [1] }),
  post("/v1/events", "an event without data", { type: "product.scored" }),
  post("/v1/events", "an operational event type", { ...event, type: "webhook.disabled" }),
  post("/v1/events", "an unknown event type", { ...event, type: "product.exploded" }),
  post("/v1/events", "an empty id", { ...event, id: "" }),
  post("/v1/events", "an id with a space", { ...event, id: "a b" }),
  post("/v1/events/batch", "a batch", { events: [event, event] }),
  post("/v1/events/batch", "an empty batch", { events: [] }),
  post("/v1/events/batch", "a batch with an extra key", { events: [event], extra: 1 }),
  post("/v1/events/batch", "a batch that is not a list", { events: "x" }),
  post("/v1/events/batch", "a batch of 101 events", {
    events: Array.from({ length: 101 }, () => ({ type: "product.scored", data: {} })),
  }),
  post("/v1/webhooks", "a wrapped webhook", { webhook: hook }),
  post("/v1/webhooks", 'events ["*"]', { ...hook, events: ["*"] }),
  post("/v1/webhooks", "an operational event by name", { ...hook, events: ["*", "webhook.disabled"] }),
  post("/v1/webhooks", "a retry delay of 0", { ...hook, retry_schedule: [0] }),
  post("/v1/webhooks", "a timeout of 50 ms", { ...hook, timeout_ms: 50 }),
  post("/v1/webhooks", "a header name with a space", { ...hook, headers: { "Bad Name": "x" } }),
  post("/v1/webhooks", "an empty header value", { ...hook, headers: { "X-A": "" } }),
  post("/v1/webhooks", "21 headers", {
    ...hook,
    headers: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`X-H${i}`, "v"])),
  }),
  post("/v1/webhooks", "a custom header", { ...hook, headers: { "X-Api-Key": "k 1" } }),
  post("/v1/webhooks", "an upper-case scheme", { ...hook, url: "HTTPS://hooks.acme-shop.com/in" }),
  { name: "PATCH nothing", method: "PATCH", path: "/v1/webhooks/{webhook}", body: {} },
  { name: "PATCH without a body", method: "PATCH", path: "/v1/webhooks/{webhook}" },
  post("/v1/webhooks/{webhook}/rotate-secret", "rotate without a body", undefined),
  post("/v1/webhooks/{webhook}/recover", "recover without a body", undefined),
  {
    name: "PATCH an ftp URL",
    method: "PATCH",
    path: "/v1/webhooks/{webhook}",
    body: { url: "ftp://x.example" },
  },
  post("/v1/webhooks/{webhook}/rotate-secret", "a grace period as text", { grace_period_seconds: "60" }),
  post("/v1/webhooks/{webhook}/rotate-secret", "a fractional grace period", { grace_period_seconds: 1.5 }),
  post("/v1/webhooks/{webhook}/recover", "since: yesterday", { since: "yesterday" }),
  post("/v1/webhooks/{webhook}/recover", "a dry run", { since: "2026-01-01T00:00:00Z", dry_run: true }),
  post("/v1/portal-sessions", "a portal session", {}),
  post("/v1/portal-sessions", "a 30 s portal session", { expires_in: 30 }),
  post("/v1/portal-sessions", "admin rights", { rights: "admin" }),
  post("/v1/portal-sessions", "an origin with a path", { allowed_origins: ["https://app.acme-shop.com/in"] }),
  post("/v1/portal-sessions", "an origin with a port", {
    allowed_origins: ["https://app.acme-shop.com:8443"],
  }),
  post("/v1/accounts", "an account name starting with -", { name: "-bad" }, { service: true }),
  post("/v1/accounts", "an account with an extra field", { name: "ok", extra: 1 }, { service: true }),
  post("/v1/accounts", "an account", { name: "strict-co" }, { service: true }),
  post(
    "/v1/accounts",
    "an account name like an id",
    { name: "0193a5b0-11c4-7d2e-8a41-5c0f2e9b7a10" },
    { service: true },
  ),
  post(
    "/v1/accounts/strict-co/keys",
    "a service scope",
    { name: "k", scopes: ["accounts:*"] },
    { service: true },
  ),
  post("/v1/accounts/strict-co/keys", "no scopes", { name: "k", scopes: [] }, { service: true }),
  post("/v1/accounts/strict-co/keys", "a scope twice", { name: "k", scopes: ["*", "*"] }, { service: true }),
  post("/v1/accounts/strict-co/keys", "a blank key name", { name: "   ", scopes: ["*"] }, { service: true }),
  post("/v1/accounts/strict-co/keys", "a key", { name: "k", scopes: ["events:write"] }, { service: true }),
  get("/v1/events?since=yesterday", "since=yesterday"),
  get("/v1/events?limit=abc", "limit=abc"),
  get("/v1/events?type=product.scored,product.synced", "two types"),
  get("/v1/webhooks/{webhook}/deliveries?status=bogus", "status=bogus"),
  get("/v1/webhooks/{webhook}/deliveries?status=failed", "status=failed"),
  get("/v1/accounts?limit=5", "accounts, 5 a page", { service: true }),
  get("/v1/webhooks", "Herald-Account of 201 characters", { headers: { "Herald-Account": "a".repeat(201) } }),
  get("/v1/webhooks", "Herald-Account naming its own account", { headers: { "Herald-Account": "strict" } }),
];
