// events.send against a real api behind a real HTTP server that answers 429, 503 and drops
// connections first: it retries with the same Idempotency-Key, honours Retry-After, and the event
// exists once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HeraldStack } from "../../../test/support/herald-stack.js";
import { Herald, HeraldConnectionError, HeraldError } from "../src/index.js";
import { type FlakyProxy, type Step, startFlakyProxy } from "./flaky-proxy.js";

let stack: HeraldStack;
let key: string;
const proxies: FlakyProxy[] = [];

beforeAll(async () => {
  stack = await HeraldStack.start({ env: { RATE_LIMIT_PER_MINUTE: "0" } });
  key = await stack.key(["*"], "retry-co");
});
afterAll(async () => {
  await Promise.all(proxies.map((proxy) => proxy.stop()));
  await stack?.stop();
});

// A client through a proxy playing `script`, and the delays it asked to wait (no time passes).
async function flakyClient(script: Step[], maxAttempts = 5) {
  const proxy = await startFlakyProxy(stack.api.url, script);
  proxies.push(proxy);
  const delays: number[] = [];
  const sleep = async (ms: number) => {
    delays.push(ms);
  };
  const herald = new Herald({ baseUrl: proxy.url, apiKey: key, retry: { maxAttempts, sleep } });
  return { herald, proxy, delays };
}

const eventsWithKey = (idempotencyKey: string) =>
  stack.query("SELECT id FROM events WHERE idempotency_key = $1", [idempotencyKey]);

describe("events.sendBatch", () => {
  it("is retried when every event has an id, each event stored once, and sent once otherwise", async () => {
    const { herald, proxy } = await flakyClient(["forward-then-503", { status: 429, code: "RATE_LIMITED" }]);
    const events = ["batch-1", "batch-2"].map((id) => ({ id, type: "product.scored", data: { id } }));
    const results = await herald.events.sendBatch({ events });
    expect(proxy.requests).toHaveLength(3);
    for (const [index, id] of ["batch-1", "batch-2"].entries())
      expect(await eventsWithKey(id)).toEqual([{ id: (results[index] as { id: string }).id }]);

    const once = await flakyClient([{ status: 503, code: "SERVICE_UNAVAILABLE" }]);
    const unkeyed = [{ type: "product.scored", data: {} }];
    await expect(once.herald.events.sendBatch({ events: unkeyed })).rejects.toMatchObject({ status: 503 });
    expect(once.proxy.requests).toHaveLength(1);
  });
});

describe("events.send", () => {
  it("retries a dropped connection, 429 (waiting its Retry-After) and 503s, with one generated Idempotency-Key, and the event is stored once", async () => {
    const { herald, proxy, delays } = await flakyClient([
      "drop",
      { status: 429, code: "RATE_LIMITED", retryAfter: "7" },
      // The api stores the event, but its answer is lost: the retry must not store another.
      "forward-then-503",
      { status: 503, code: "SERVICE_UNAVAILABLE" },
    ]);
    const sent = await herald.events.send({ type: "product.scored", data: { sku: "A-1" } });

    expect(proxy.requests).toHaveLength(5);
    const keys = proxy.requests.map((request) => request.headers["idempotency-key"]);
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(await eventsWithKey(keys[0] as string)).toEqual([{ id: sent.id }]);
    // Retry-After (seconds) is waited exactly; the others back off.
    expect(delays).toHaveLength(4);
    expect(delays[1]).toBe(7000);
    for (const delay of [delays[0], delays[2], delays[3]]) expect(delay).toBeGreaterThan(0);
  });

  it("sends the caller's key, or the body's id, on every try", async () => {
    const { herald, proxy } = await flakyClient([{ status: 502, code: "BAD_GATEWAY" }]);
    const sent = await herald.events.send(
      { type: "product.scored", data: {} },
      { idempotencyKey: "order-42" },
    );
    expect(proxy.requests.map((request) => request.headers["idempotency-key"])).toEqual([
      "order-42",
      "order-42",
    ]);
    expect(await eventsWithKey("order-42")).toEqual([{ id: sent.id }]);

    const second = await flakyClient(["drop"]);
    await second.herald.events.send({ type: "product.scored", data: {}, id: "order-43" });
    expect(second.proxy.requests.map((request) => request.headers["idempotency-key"])).toEqual([
      "order-43",
      "order-43",
    ]);
  });

  it("gives up after maxAttempts with the last error, and never retries a 4xx other than 429", async () => {
    const busy = await flakyClient(Array(5).fill({ status: 503, code: "SERVICE_UNAVAILABLE" }), 3);
    const error = await busy.herald.events
      .send({ type: "product.scored", data: {} })
      .catch((caught) => caught);
    expect(error).toBeInstanceOf(HeraldError);
    expect(error).toMatchObject({ status: 503, code: "SERVICE_UNAVAILABLE", requestId: "f".repeat(32) });
    expect(busy.proxy.requests).toHaveLength(3);

    const dropped = await flakyClient(Array(5).fill("drop"), 2);
    const lost = await dropped.herald.events
      .send({ type: "product.scored", data: {} })
      .catch((caught) => caught);
    expect(lost).toBeInstanceOf(HeraldConnectionError);
    expect(dropped.proxy.requests).toHaveLength(2);

    // A load balancer's page is no envelope: still a typed error, and retried as any 5xx.
    const balancer = await flakyClient(Array(5).fill({ status: 502, html: "<h1>502 Bad Gateway</h1>" }), 2);
    const page = await balancer.herald.events
      .send({ type: "product.scored", data: {} })
      .catch((caught) => caught);
    expect(page).toBeInstanceOf(HeraldError);
    expect(page).toMatchObject({ status: 502, code: "UNEXPECTED_RESPONSE", requestId: undefined });
    expect(page.message).toContain("502 Bad Gateway");
    expect(balancer.proxy.requests).toHaveLength(2);

    const invalid = await flakyClient([]);
    const refused = await invalid.herald.events
      .send({ type: "no.such.type", data: {} })
      .catch((caught) => caught);
    expect(refused).toMatchObject({
      status: 422,
      code: "VALIDATION_ERROR",
      details: { type: expect.any(String) },
    });
    expect(invalid.proxy.requests).toHaveLength(1);
  });
});
