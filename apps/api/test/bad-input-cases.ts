// The management API's bad inputs, each with the answer it must get (bad-input.test.ts runs them
// against a real api and checks that nothing changed). A `path` starting with "self" is relative
// to the webhook the test creates.
export const good = { url: "https://hooks.example.com/in", events: ["product.scored"] };

export interface Case {
  name: string;
  method?: string;
  path?: string;
  body?: unknown;
  headers?: Record<string, string>;
  status: number;
  code: string;
  details?: Record<string, RegExp>;
}

export const create = (fields: Record<string, unknown>) => ({ ...good, ...fields });

// The URL a case is sent to, given the id of the webhook the test created.
export const pathOf = (c: Case, webhookId: string): string =>
  c.path === undefined
    ? "/v1/webhooks"
    : c.path.startsWith("self")
      ? `/v1/webhooks/${webhookId}${c.path.slice(4)}`
      : c.path;

export const cases: Case[] = [
  { name: "malformed JSON", body: '{"url": "https://x.example",', status: 400, code: "BAD_REQUEST" },
  {
    name: "wrong content type",
    body: "url=https://x.example",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    status: 400,
    code: "BAD_REQUEST",
  },
  {
    name: "body over the limit",
    body: create({ description: "x".repeat(5000) }),
    status: 413,
    code: "PAYLOAD_TOO_LARGE",
  },
  {
    name: "missing url and events",
    body: {},
    status: 422,
    code: "VALIDATION_ERROR",
    details: { url: /required/, events: /required/ },
  },
  {
    name: "http:// URL",
    body: create({ url: "http://hooks.example.com/in" }),
    status: 422,
    code: "VALIDATION_ERROR",
    details: { url: /https/ },
  },
  {
    name: "URL with credentials",
    body: create({ url: "https://user:pass@hooks.example.com/in" }),
    status: 422,
    code: "VALIDATION_ERROR",
    details: { url: /credentials/ },
  },
  {
    name: "URL of 3000 chars",
    body: create({ url: `https://hooks.example.com/${"a".repeat(3000)}` }),
    status: 422,
    code: "VALIDATION_ERROR",
    details: { url: /2048/ },
  },
  {
    name: "ftp:// URL",
    body: create({ url: "ftp://hooks.example.com/in" }),
    status: 422,
    code: "VALIDATION_ERROR",
    details: { url: /https/ },
  },
  {
    name: "not a URL",
    body: create({ url: "hooks.example.com" }),
    status: 422,
    code: "VALIDATION_ERROR",
    details: { url: /absolute URL/ },
  },
  ...[
    "https://127.0.0.1/x",
    "https://[::1]/",
    "https://169.254.169.254/",
    "https://localhost/",
    "https://10.0.0.8/",
    "https://[::ffff:127.0.0.1]/",
    "https://[::127.0.0.1]/",
    "https://[::ffff:0:7f00:1]/",
    "https://[64:ff9b::a9fe:a9fe]/",
    "https://localhost./",
    "https://LOCALHOST../",
    "https://app.localhost./",
    "https://0x7f.1/",
    "https://2130706433/",
  ].map(
    (url): Case => ({
      name: `private target ${url}`,
      body: create({ url }),
      status: 422,
      code: "VALIDATION_ERROR",
      details: { url: /loopback, private or link-local/ },
    }),
  ),
  {
    name: "a trailing dot in the host name",
    body: create({ url: "https://hooks.example.com./in" }),
    status: 422,
    code: "VALIDATION_ERROR",
    details: { url: /dot/ },
  },
  ...(
    [
      ["a NUL in the description", { description: "a\u0000b" }, "description", /NUL/],
      ["a newline in the description", { description: "a\nb" }, "description", /control character/],
      ["an escape in the description", { description: "\u001b[31mred" }, "description", /control character/],
      ["a C1 control in the description", { description: "a\u0085b" }, "description", /control character/],
      ["a lone surrogate in the description", { description: "a\ud800b" }, "description", /surrogate/],
      ["a NUL in the URL", { url: "https://hooks.example.com/a\u0000b" }, "url", /NUL/],
      ["a tab in the URL", { url: "https://hooks.example.com/a\tb" }, "url", /control character/],
      ["a newline in the URL host", { url: "https://hooks.exam\nple.com/in" }, "url", /control character/],
      ["a leading space in the URL", { url: " https://hooks.example.com/in" }, "url", /spaces/],
      ["a NUL in an event type", { events: ["product.scored\u0000"] }, "events.0", /unknown event type/],
    ] as const
  ).map(
    ([name, fields, field, pattern]): Case => ({
      name,
      body: create(fields),
      status: 422,
      code: "VALIDATION_ERROR",
      details: { [field]: pattern },
    }),
  ),
  ...(
    [
      ["PATCH a NUL in the description", { description: "\u0000" }, "description", /NUL/],
      ["PATCH a tab in the URL", { url: "https://hooks.example.com/\tin" }, "url", /control character/],
    ] as const
  ).map(
    ([name, body, field, pattern]): Case => ({
      name,
      method: "PATCH",
      path: "self",
      body,
      status: 422,
      code: "VALIDATION_ERROR",
      details: { [field]: pattern },
    }),
  ),
  {
    name: "events: []",
    body: create({ events: [] }),
    status: 422,
    code: "VALIDATION_ERROR",
    details: { events: /at least one/ },
  },
  {
    name: "duplicate events",
    body: create({ events: ["product.scored", "product.scored"] }),
    status: 422,
    code: "VALIDATION_ERROR",
    details: { "events.1": /duplicate/ },
  },
  {
    name: "unknown event",
    body: create({ events: ["product.exploded"] }),
    status: 422,
    code: "VALIDATION_ERROR",
    details: { "events.0": /unknown event type "product.exploded"/ },
  },
  {
    name: "101 events",
    body: create({ events: Array.from({ length: 101 }, (_, i) => `e${i}`) }),
    status: 422,
    code: "VALIDATION_ERROR",
    details: { events: /at most 100/ },
  },
  {
    name: "non-string events",
    body: create({ events: ["product.scored", 7] }),
    status: 422,
    code: "VALIDATION_ERROR",
    details: { "events.1": /string/ },
  },
  {
    name: "events not a list",
    body: create({ events: "product.scored" }),
    status: 422,
    code: "VALIDATION_ERROR",
    details: { events: /list/ },
  },
  {
    name: 'status: "paused"',
    body: create({ status: "paused" }),
    status: 422,
    code: "VALIDATION_ERROR",
    details: { status: /"active" or "disabled"/ },
  },
  {
    name: 'active: "yes"',
    body: create({ active: "yes" }),
    status: 422,
    code: "VALIDATION_ERROR",
    details: { active: /true or false/ },
  },
  {
    name: "status and active disagree",
    body: create({ status: "active", active: false }),
    status: 422,
    code: "VALIDATION_ERROR",
    details: { active: /contradicts/ },
  },
  {
    name: "unknown field",
    body: create({ colour: "red", secret: "whsec_mine" }),
    status: 422,
    code: "VALIDATION_ERROR",
    details: { colour: /unknown field/, secret: /unknown field/ },
  },
  {
    name: "wrapper plus extra field",
    body: { webhook: good, extra: 1 },
    status: 422,
    code: "VALIDATION_ERROR",
    details: { webhook: /unknown field/, extra: /unknown field/ },
  },
  { name: "JSON array body", body: [good], status: 422, code: "VALIDATION_ERROR" },
  // PATCH validates like create.
  {
    name: "PATCH with a private URL",
    method: "PATCH",
    path: "self",
    body: { webhook: { url: "https://192.168.1.1/" } },
    status: 422,
    code: "VALIDATION_ERROR",
    details: { url: /private/ },
  },
  {
    name: "PATCH events: []",
    method: "PATCH",
    path: "self",
    body: { events: [] },
    status: 422,
    code: "VALIDATION_ERROR",
    details: { events: /at least one/ },
  },
  {
    name: "PATCH status paused",
    method: "PATCH",
    path: "self",
    body: { status: "paused" },
    status: 422,
    code: "VALIDATION_ERROR",
  },
  {
    name: "PATCH unknown field",
    method: "PATCH",
    path: "self",
    body: { failure_count: 0 },
    status: 422,
    code: "VALIDATION_ERROR",
    details: { failure_count: /unknown field/ },
  },
  {
    name: "PATCH malformed JSON",
    method: "PATCH",
    path: "self",
    body: "{",
    status: 400,
    code: "BAD_REQUEST",
  },
  {
    name: "rotate with a negative grace",
    method: "POST",
    path: "self/rotate-secret",
    body: { grace_period_seconds: -1 },
    status: 422,
    code: "VALIDATION_ERROR",
    details: { grace_period_seconds: /at least 0/ },
  },
  {
    name: "rotate with 8 days of grace",
    method: "POST",
    path: "self/rotate-secret",
    body: { grace_period_seconds: 691_200 },
    status: 422,
    code: "VALIDATION_ERROR",
    details: { grace_period_seconds: /604800/ },
  },
  {
    name: "non-uuid id",
    method: "PATCH",
    path: "/v1/webhooks/not-a-uuid",
    body: { events: ["product.scored"] },
    status: 404,
    code: "NOT_FOUND",
  },
  {
    name: "unknown uuid",
    method: "DELETE",
    path: "/v1/webhooks/00000000-0000-4000-8000-000000000000",
    status: 404,
    code: "NOT_FOUND",
  },
  {
    name: "limit 0",
    method: "GET",
    path: "/v1/webhooks?limit=0",
    status: 422,
    code: "VALIDATION_ERROR",
    details: { limit: /at least 1/ },
  },
  {
    name: "limit 101",
    method: "GET",
    path: "/v1/webhooks?limit=101",
    status: 422,
    code: "VALIDATION_ERROR",
    details: { limit: /at most 100/ },
  },
  {
    name: "garbled cursor",
    method: "GET",
    path: "/v1/webhooks?cursor=abc",
    status: 422,
    code: "VALIDATION_ERROR",
    details: { cursor: /not a cursor/ },
  },
  {
    name: "recover without since",
    path: "self/recover",
    body: { dry_run: true },
    status: 422,
    code: "VALIDATION_ERROR",
    details: { since: /ISO-8601/ },
  },
  {
    name: "recover with until before since and a non-boolean dry_run",
    path: "self/recover",
    body: { since: "2026-01-02T00:00:00Z", until: "2026-01-01T00:00:00Z", dry_run: "yes" },
    status: 422,
    code: "VALIDATION_ERROR",
    details: { dry_run: /true or false/ },
  },
  {
    name: "recover with until before since",
    path: "self/recover",
    body: { since: "2026-01-02T00:00:00Z", until: "2026-01-01T00:00:00Z" },
    status: 422,
    code: "VALIDATION_ERROR",
    details: { until: /after since/ },
  },
  {
    name: "recover with an unknown field",
    path: "self/recover",
    body: { since: "2026-01-02T00:00:00Z", limit: 5 },
    status: 422,
    code: "VALIDATION_ERROR",
    details: { limit: /unknown field/ },
  },
  {
    name: "unknown query parameter",
    method: "GET",
    path: "/v1/webhooks?sort=asc",
    status: 422,
    code: "VALIDATION_ERROR",
    details: { sort: /unknown field/ },
  },
];
