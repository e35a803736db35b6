// The "Done when" program: a producer using only @herald/client with one service key.
import type { Receiver } from "@herald/local-stack/receiver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HeraldStack, startWithReceiver, stopWithReceiver } from "../../../test/support/herald-stack.js";
import { Herald, HeraldError, verifyWebhook, WebhookVerificationError } from "../src/index.js";

let stack: HeraldStack;
let receiver: Receiver;
let serviceKey: string;

beforeAll(async () => {
  ({ stack, receiver } = await startWithReceiver({ worker: true, env: { RATE_LIMIT_PER_MINUTE: "0" } }));
  serviceKey = await stack.key(["accounts:*", "*"], "vendor");
});
afterAll(() => stopWithReceiver(stack, receiver));

describe("a producer with one service key", () => {
  it("creates two accounts, a webhook in each, publishes to each, verifies the signed deliveries, pages through them, and gets a typed 404 across accounts", async () => {
    const herald = new Herald({ baseUrl: stack.api.url, apiKey: serviceKey });
    const shops = ["shop-one", "shop-two"] as const;
    const accounts = await Promise.all(shops.map((name) => herald.accounts.create({ name })));
    expect(accounts.map((account) => account.name)).toEqual(shops);

    // One account named per call, the other through a client bound to it.
    const [one, two] = [herald, herald.forAccount("shop-two")];
    const hookOne = await one.webhooks.create(
      { url: receiver.endpoint("shop-one", { status: 200 }), events: ["product.scored"] },
      { account: "shop-one" },
    );
    const hookTwo = await two.webhooks.create({
      webhook: { url: receiver.endpoint("shop-two", { status: 200 }), events: ["product.scored"] },
    });

    const sentOne = await one.events.send(
      { type: "product.scored", data: { shop: "shop-one" } },
      { account: "shop-one" },
    );
    const sentTwo = await two.events.send({ type: "product.scored", data: { shop: "shop-two" } });
    expect([sentOne.deliveries, sentTwo.deliveries]).toEqual([1, 1]);

    const [receivedOne] = await receiver.waitForRequests("shop-one", 1);
    const [receivedTwo] = await receiver.waitForRequests("shop-two", 1);
    const payloadOne = verifyWebhook<{ shop: string }>(
      hookOne.secret,
      receivedOne!.body,
      receivedOne!.headers,
    );
    const payloadTwo = verifyWebhook<{ shop: string }>(
      hookTwo.secret,
      receivedTwo!.body,
      receivedTwo!.headers,
    );
    expect(payloadOne).toMatchObject({ id: sentOne.id, type: "product.scored", data: { shop: "shop-one" } });
    expect(payloadTwo).toMatchObject({ id: sentTwo.id, type: "product.scored", data: { shop: "shop-two" } });
    // Each delivery verifies only with its own webhook's secret, and only as received.
    expect(() => verifyWebhook(hookTwo.secret, receivedOne!.body, receivedOne!.headers)).toThrow(
      WebhookVerificationError,
    );
    const tampered = receivedOne!.body.replace("shop-one", "shop-two");
    expect(() => verifyWebhook(hookOne.secret, tampered, receivedOne!.headers)).toThrow(
      WebhookVerificationError,
    );

    // More events to shop-one, then its deliveries two at a time: every one, once, newest first.
    const more = [];
    for (let n = 0; n < 4; n++)
      more.push(await one.events.send({ type: "product.scored", data: { n } }, { account: "shop-one" }));
    const listed = one.webhooks.deliveries(hookOne.id, { limit: 2 }, { account: "shop-one" });
    const pages = [];
    for await (const page of listed.pages()) pages.push(page.data.length);
    expect(pages).toEqual([2, 2, 1]);
    const deliveries = [];
    for await (const delivery of listed) deliveries.push(delivery);
    expect(deliveries.map((delivery) => delivery.event_id).sort()).toEqual(
      [sentOne.id, ...more.map((event) => event.id)].sort(),
    );
    expect(new Set(deliveries.map((delivery) => delivery.webhook_id))).toEqual(new Set([hookOne.id]));
    // Awaiting a list gives one page.
    const first = await listed;
    expect(first.data).toHaveLength(2);
    expect(first.meta.has_more).toBe(true);

    // An account key of shop-two sees its own webhook and gets a typed 404 for shop-one's.
    const created = await herald.accounts.keys.create("shop-two", {
      name: "reader",
      scopes: ["webhooks:read"],
    });
    const shopTwo = new Herald({ baseUrl: stack.api.url, apiKey: created.key });
    expect((await shopTwo.webhooks.get(hookTwo.id)).id).toBe(hookTwo.id);
    const error = await shopTwo.webhooks.get(hookOne.id).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HeraldError);
    expect(error).toMatchObject({ status: 404, code: "NOT_FOUND", details: undefined });
    expect((error as HeraldError).requestId).toMatch(/^[0-9a-f]{32}$/);
    // The same key may not name the other account either.
    const named = await shopTwo.webhooks
      .get(hookOne.id, { account: "shop-one" })
      .catch((caught: unknown) => caught);
    expect(named).toMatchObject({
      status: 403,
      code: "FORBIDDEN",
      details: { "Herald-Account": expect.any(String) },
    });
  });

  it("has a method for every operation of the served document", async () => {
    const document = (await (await fetch(`${stack.api.url}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const documented = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => ({ method: method.toUpperCase(), path })),
    );
    // Every method called with placeholder arguments, through the real fetch, noting each request.
    const sent: { method: string; path: string }[] = [];
    const noting: typeof fetch = (input, init) => {
      sent.push({ method: init?.method ?? "GET", path: new URL(String(input)).pathname });
      return fetch(input, init);
    };
    const herald = new Herald({
      baseUrl: stack.api.url,
      apiKey: serviceKey,
      fetch: noting,
      retry: { maxAttempts: 1 },
    });
    const placeholder = "00000000-0000-4000-8000-000000000000";
    const methodsOf = (resource: object): ((...args: unknown[]) => unknown)[] =>
      Object.values(resource).flatMap((value) => (typeof value === "function" ? [value] : methodsOf(value)));
    const resources = [
      herald.webhooks,
      herald.events,
      herald.deliveries,
      herald.accounts,
      herald.portalSessions,
    ];
    for (const method of resources.flatMap(methodsOf)) {
      await Promise.resolve(method(placeholder, placeholder)).catch((error: unknown) => {
        if (!(error instanceof HeraldError)) throw error;
      });
    }
    // Each request's operation: the documented path it matches with the fewest parameters.
    const operationOf = ({ method, path }: { method: string; path: string }) =>
      documented
        .filter(
          (op) => op.method === method && new RegExp(`^${op.path.replace(/\{\w+\}/g, "[^/]+")}$`).test(path),
        )
        .sort((a, b) => a.path.split("{").length - b.path.split("{").length)[0];
    const called = sent.map((request) => {
      const op = operationOf(request);
      return op ? `${op.method} ${op.path}` : `undocumented: ${request.method} ${request.path}`;
    });
    expect(called).toHaveLength(documented.length);
    expect(called.sort()).toEqual(documented.map((op) => `${op.method} ${op.path}`).sort());
  });
});
