// Hostile and odd ingest bodies: a clear 4xx or a safe 202, never a 500, never a partial row.

import { type Receiver, startReceiver } from "@herald/local-stack/receiver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HeraldStack } from "../support/herald-stack.js";

let stack: HeraldStack;
let key: string;

beforeAll(async () => {
  stack = await HeraldStack.start();
  key = await stack.key(["*"]);
  for (let i = 0; i < 2; i++) {
    await stack.call("POST", "/v1/webhooks", {
      key,
      body: { url: `https://hooks.example.com/${i}`, events: ["product.scored"] },
    });
  }
});
afterAll(() => stack?.stop());

const nested = (depth: number): unknown => (depth === 0 ? "leaf" : { n: nested(depth - 1) });
// Written as text: 3,000 levels are more than JSON.stringify of a nested object likes.
const nestedText = (depth: number) =>
  `{"type":"product.scored","data":${'{"n":'.repeat(depth - 1)}{}${"}".repeat(depth - 1)}}`;
const arraysText = (depth: number) =>
  `{"type":"product.scored","data":{"a":${"[".repeat(depth)}${"]".repeat(depth)}}}`;

// Raw request bodies, sent as written (some are not valid JSON on purpose).
const rejected: [string, string, number, Record<string, RegExp>?][] = [
  [
    "a 10 MB body",
    JSON.stringify({ type: "product.scored", data: { blob: "x".repeat(10 * 1024 * 1024) } }),
    413,
  ],
  ["invalid JSON", '{"type": "product.scored", "data": {', 400],
  [
    "a NUL character in a value",
    '{"type":"product.scored","data":{"a":"x\\u0000y"}}',
    422,
    { "data.a": /NUL/ },
  ],
  [
    "a NUL character in a key",
    '{"type":"product.scored","data":{"a\\u0000":1}}',
    422,
    { "data.a\u0000": /NUL/ },
  ],
  [
    "a lone surrogate",
    '{"type":"product.scored","data":{"a":["ok","\\ud800"]}}',
    422,
    { "data.a.1": /surrogate/ },
  ],
  // MAX_JSON_DEPTH is 32: data itself is level 1.
  ["33 levels of objects", nestedText(33), 422, { [`data${".n".repeat(32)}`]: /deeper than 32 levels/ }],
  ["3,000 levels of objects", nestedText(3000), 422, { [`data${".n".repeat(32)}`]: /MAX_JSON_DEPTH/ }],
  ["100,000 levels of arrays", arraysText(100_000), 422, { [`data.a${".0".repeat(31)}`]: /deeper/ }],
  ["data as an array", '{"type":"product.scored","data":[1,2]}', 422, { data: /object/ }],
  ["data as a string", '{"type":"product.scored","data":"x"}', 422, { data: /object/ }],
  ["data null", '{"type":"product.scored","data":null}', 422, { data: /object/ }],
  ["no data", '{"type":"product.scored"}', 422, { data: /required/ }],
  ["a huge type", JSON.stringify({ type: "t".repeat(100_000), data: {} }), 422, { type: /catalog/ }],
  ["type not a string", '{"type":7,"data":{}}', 422, { type: /required|string/ }],
  ["an unknown type", '{"type":"product.exploded","data":{}}', 422, { type: /catalog/ }],
  [
    "an unknown field",
    '{"type":"product.scored","data":{},"priority":1}',
    422,
    { priority: /unknown field/ },
  ],
  ["a NUL in the type", '{"type":"product.scored\\u0000","data":{}}', 422, { type: /catalog/ }],
  [
    "a control character in the id",
    '{"type":"product.scored","data":{},"id":"a\\u0007b"}',
    422,
    { id: /printable/ },
  ],
  ["an id with spaces", '{"type":"product.scored","data":{},"id":"a b"}', 422, { id: /printable/ }],
  ["an empty id", '{"type":"product.scored","data":{},"id":""}', 422, { id: /empty/ }],
  ["a top-level array", '[{"type":"product.scored","data":{}}]', 422],
  ["a top-level string", '"product.scored"', 400],
];

describe("ingest bad input", () => {
  it.each(rejected)("%s → a clear 4xx, nothing written", async (_name, body, status, details) => {
    const before = await stack.snapshot();
    const answer = await stack.call("POST", "/v1/events", { key, body });
    expect(answer.status).toBe(status);
    expect(answer.body.success).toBe(false);
    expect(answer.body.error.message.length).toBeGreaterThan(0);
    for (const [field, pattern] of Object.entries(details ?? {}))
      expect(answer.body.error.details?.[field]).toMatch(pattern);
    expect(JSON.stringify(answer.body).length).toBeLessThan(2000);
    expect(await stack.snapshot()).toEqual(before);
  });

  it("rejects an unusable Idempotency-Key header", async () => {
    const before = await stack.snapshot();
    const answer = await stack.call("POST", "/v1/events", {
      key,
      body: { type: "product.scored", data: {} },
      headers: { "idempotency-key": "k".repeat(300) },
    });
    expect(answer.status).toBe(422);
    expect(answer.body.error.details?.["Idempotency-Key"]).toMatch(/255/);
    expect(await stack.snapshot()).toEqual(before);
  });

  it.each([
    [
      "32 levels of nesting (MAX_JSON_DEPTH)",
      { type: "product.scored", data: nested(31) as Record<string, unknown> },
    ],
    ["an id with a colon", { type: "product.scored", data: { a: 1 }, id: "order:42:created" }],
    ["an all-digit id", { type: "product.scored", data: { a: 1 }, id: "1234567890" }],
    ["unicode and escapes", { type: "product.scored", data: { emoji: "📦", quote: '"\\', rtl: "שלום" } }],
    ["an empty object", { type: "product.scored", data: {} }],
  ])("%s → accepted whole: the event and one delivery per webhook", async (_name, body) => {
    const answer = await stack.call<{ id: string; deliveries: number }>("POST", "/v1/events", { key, body });
    expect(answer.status).toBe(202);
    expect(answer.body.data.deliveries).toBe(2);
    const [row] = await stack.query<{ deliveries: number; payload: string }>(
      "SELECT (SELECT count(*)::int FROM deliveries WHERE event_id = e.id) AS deliveries, payload FROM events e WHERE id = $1",
      [answer.body.data.id],
    );
    expect(row?.deliveries).toBe(2);
    // Stored as sent: the exact text of `data` in the request body.
    expect(row?.payload).toBe(JSON.stringify(body.data));
    const fetched = await stack.call("GET", `/v1/events/${answer.body.data.id}`, { key });
    expect(fetched.body.data.data).toEqual(body.data);
  });

  it("never leaves an event without its deliveries", async () => {
    const partial = await stack.query(
      "SELECT e.id FROM events e LEFT JOIN deliveries d ON d.event_id = e.id GROUP BY e.id HAVING count(d.id) <> 2",
    );
    expect(partial).toEqual([]);
  });
});

// Last in this file: its event has one delivery, not two like the ones above.
describe("keys JavaScript treats specially", () => {
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await startReceiver();
    await stack.startApp("worker");
  });
  afterAll(() => receiver?.stop());

  it("delivers __proto__ and constructor keys in data whole, as the producer sent them", async () => {
    const url = receiver.endpoint("proto", { status: 200 });
    await stack.call("POST", "/v1/webhooks", { key, body: { url, events: ["product.synced"] } });
    const data = '{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}},"a":1}';
    const answer = await stack.call("POST", "/v1/events", {
      key,
      body: `{"type":"product.synced","data":${data}}`,
    });
    expect(answer.status).toBe(202);
    const [request] = await receiver.waitForRequests("proto", 1);
    const delivered = JSON.parse(request!.body).data as Record<string, unknown>;
    expect(Object.keys(delivered).sort()).toEqual(["__proto__", "a", "constructor"]);
    expect(Object.getOwnPropertyDescriptor(delivered, "__proto__")?.value).toEqual({ polluted: true });
    expect(delivered.constructor).toEqual({ prototype: { x: 1 } });
  });
});
