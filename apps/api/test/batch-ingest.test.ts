// POST /v1/events/batch through real api and worker processes: one result per event in order,
// a bad event failing only itself, idempotent replays inside and across batches, deliveries
// that arrive signed, and whole-request limits that change nothing.
import { type Receiver, startReceiver } from "@herald/local-stack/receiver";
import { Webhook as StandardWebhook } from "standardwebhooks";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { HeraldStack, waitForDeliveries } from "../../../test/support/herald-stack.js";

let stack: HeraldStack;
let receiver: Receiver;
let key: string;
let account = "";

beforeAll(async () => {
  receiver = await startReceiver();
  stack = await HeraldStack.start({
    worker: true,
    env: { MAX_BATCH_EVENTS: "5", MAX_PAYLOAD_BYTES: "4096", MAX_JSON_DEPTH: "4" },
  });
});
beforeEach(async (context) => {
  account = context.task.name.slice(0, 40);
  key = await stack.key(["*"], account);
});
afterAll(async () => {
  await stack?.stop();
  await receiver?.stop();
});

type Result =
  | { id: string; type: string; deliveries: number }
  | { error: { code: string; details?: object } };

const batch = (body: unknown) =>
  stack.call<Result[]>("POST", "/v1/events/batch", {
    key,
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

// Until `count` statements of the api wait on a row lock (an idempotency key another holds).
async function waitForLockWaits(count: number) {
  for (;;) {
    const [row] = await stack.query<{ waiting: number }>(
      `SELECT count(*)::int AS waiting FROM pg_stat_activity
       WHERE datname = current_database() AND wait_event_type = 'Lock'
         AND query LIKE '%idempotency_keys%' AND pid <> pg_backend_pid()`,
    );
    if (row!.waiting >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function counts() {
  const [row] = await stack.query<{ events: number; keys: number; deliveries: number }>(
    `SELECT (SELECT count(*)::int FROM events e JOIN accounts a ON a.id = e.account_id WHERE a.name = $1) AS events,
            (SELECT count(*)::int FROM idempotency_keys k JOIN accounts a ON a.id = k.account_id WHERE a.name = $1) AS keys,
            (SELECT count(*)::int FROM deliveries d JOIN events e ON e.id = d.event_id
               JOIN accounts a ON a.id = e.account_id WHERE a.name = $1) AS deliveries`,
    [account],
  );
  return row!;
}

describe("POST /v1/events/batch", () => {
  it("answers one result per event in order; bad events fail alone; good ones are delivered byte for byte and signed", async () => {
    const hook = await stack.call<{ id: string; secret: string }>("POST", "/v1/webhooks", {
      key,
      body: { url: receiver.endpoint("batch-mixed", { status: 200 }), events: ["product.scored"] },
    });
    expect(hook.status).toBe(201);
    const exact = '{"z":1, "a":12345678901234567890}';
    const sent = await batch(
      `{"events":[{"type":"product.scored","data":${exact}},` +
        `{"type":"no.such.type","data":{}},` +
        `{"type":"product.synced","data":{"n":2}},` +
        `{"type":"product.scored","data":{"a":{"b":{"c":{"d":{}}}}}},` +
        `{"type":"product.scored","data":{"s":"nul\\u0000"},"id":"k-nul"}]}`,
    );
    expect(sent.status).toBe(202);
    const results = sent.body.data;
    expect(results).toHaveLength(5);
    expect(results[0]).toMatchObject({ type: "product.scored", deliveries: 1 });
    expect(results[1]).toMatchObject({
      error: { code: "VALIDATION_ERROR", details: { type: expect.any(String) } },
    });
    expect(results[2]).toMatchObject({ type: "product.synced", deliveries: 0 });
    expect(results[3]).toMatchObject({
      error: {
        code: "VALIDATION_ERROR",
        details: { "data.a.b.c.d": expect.stringContaining("MAX_JSON_DEPTH") },
      },
    });
    expect(results[4]).toMatchObject({
      error: { code: "VALIDATION_ERROR", details: { "data.s": expect.any(String) } },
    });
    expect(await counts()).toMatchObject({ events: 2, keys: 0, deliveries: 1 });

    const first = results[0] as { id: string };
    const [request] = await receiver.waitForRequests("batch-mixed", 1);
    expect(request!.body.endsWith(`"data":${exact}}`)).toBe(true);
    expect(request!.body).toContain(`"id":"${first.id}"`);
    expect(() =>
      new StandardWebhook(hook.body.data.secret).verify(request!.body, request!.headers),
    ).not.toThrow();
    const [delivery] = await waitForDeliveries(stack, first.id);
    expect(delivery!.status).toBe("succeeded");
  });

  it("replays an idempotency key inside one batch and across batches, and refuses it for another body", async () => {
    await stack.call("POST", "/v1/webhooks", {
      key,
      body: { url: receiver.endpoint("batch-replay", { status: 200 }), events: ["*"] },
    });
    const one = { type: "product.scored", data: { n: 1 }, id: "key-1" };
    const sent = await batch({
      events: [one, { ...one }, { type: "product.synced", data: {}, id: "key-2" }],
    });
    expect(sent.status).toBe(202);
    const [a, b, c] = sent.body.data as { id: string; deliveries: number }[];
    expect(b).toEqual(a);
    expect(a!.deliveries).toBe(1);
    expect(c!.id).not.toBe(a!.id);
    expect(await counts()).toMatchObject({ events: 2, keys: 2, deliveries: 2 });

    const again = await batch({
      events: [
        { type: "product.synced", data: {}, id: "key-2" },
        { type: "product.scored", data: { n: 2 }, id: "key-1" },
        { type: "product.scored", data: { n: 3 } },
      ],
    });
    expect(again.status).toBe(202);
    expect(again.body.data[0]).toEqual(c);
    expect(again.body.data[1]).toMatchObject({ error: { code: "CONFLICT" } });
    expect(again.body.data[2]).toMatchObject({ type: "product.scored", deliveries: 1 });
    expect(await counts()).toMatchObject({ events: 3, keys: 2, deliveries: 3 });
    // Only a request with a key is hashed: a replay compares that hash, nothing reads another.
    const hashes = await stack.query<{ keyed: boolean; hashed: boolean }>(
      `SELECT e.idempotency_key IS NOT NULL AS keyed, e.request_hash IS NOT NULL AS hashed
       FROM events e JOIN accounts a ON a.id = e.account_id WHERE a.name = $1 ORDER BY e.id`,
      [account],
    );
    expect(hashes).toEqual([
      { keyed: true, hashed: true },
      { keyed: true, hashed: true },
      { keyed: false, hashed: false },
    ]);
    // A single-event replay of a key a batch stored answers the same event.
    const single = await stack.call("POST", "/v1/events", { key, body: one });
    expect(single.body.data).toEqual(a);
    await receiver.waitForRequests("batch-replay", 3);
  });

  it("takes concurrent batches that share idempotency keys in opposite orders: all 202, one event per key", async () => {
    // Statements inserting the same keys in opposite orders each wait on a key the other holds;
    // Postgres breaks such a cycle by failing one statement, which answered 500. The test holds
    // the middle key in an open transaction until every batch is waiting, so the batches meet
    // mid-way on every run rather than by chance.
    const keys = Array.from({ length: 5 }, (_, index) => `race-${index}`);
    const [{ id: accountId } = { id: "" }] = await stack.query<{ id: string }>(
      "SELECT id::text FROM accounts WHERE name = $1",
      [account],
    );
    const holder = await stack.db.connect();
    const orders = Array.from({ length: 8 }, (_, index) => (index % 2 === 0 ? keys : [...keys].reverse()));
    let answers: Awaited<ReturnType<typeof batch>>[];
    try {
      await holder.query("BEGIN");
      await holder.query(
        `INSERT INTO idempotency_keys (account_id, key, event_id, request_hash, created_at)
         VALUES ($1, $2, gen_random_uuid(), 'held by the test', now())`,
        [accountId, keys[2]],
      );
      const sent = Promise.all(
        orders.map((order) =>
          batch({ events: order.map((id) => ({ type: "product.scored", data: { id }, id })) }),
        ),
      );
      await waitForLockWaits(orders.length);
      await holder.query("ROLLBACK");
      answers = await sent;
    } finally {
      holder.release();
    }
    const stored = new Map(
      (
        await stack.query<{ key: string; event_id: string }>(
          "SELECT key, event_id::text FROM idempotency_keys WHERE account_id = $1",
          [accountId],
        )
      ).map((row) => [row.key, row.event_id]),
    );
    expect(answers.map((answer) => answer.status)).toEqual(orders.map(() => 202));
    for (const [index, answer] of answers.entries()) {
      expect((answer.body.data as { id: string }[]).map((result) => result.id)).toEqual(
        orders[index]!.map((id) => stored.get(id)),
      );
    }
    expect(await counts()).toMatchObject({ events: 5, keys: 5 });
  });

  it("refuses a batch over MAX_BATCH_EVENTS (422) or over MAX_PAYLOAD_BYTES (413) and stores nothing", async () => {
    const event = { type: "product.scored", data: {} };
    const tooMany = await batch({ events: Array.from({ length: 6 }, () => event) });
    expect(tooMany.status).toBe(422);
    expect(tooMany.body).toMatchObject({
      success: false,
      error: { code: "VALIDATION_ERROR", details: { events: expect.stringContaining("MAX_BATCH_EVENTS") } },
    });
    const tooBig = await batch({ events: [{ type: "product.scored", data: { s: "x".repeat(5000) } }] });
    expect(tooBig.status).toBe(413);
    expect(tooBig.body).toMatchObject({ success: false, error: { code: "PAYLOAD_TOO_LARGE" } });
    const empty = await batch({ events: [] });
    expect(empty.status).toBe(422);
    expect(await counts()).toMatchObject({ events: 0, keys: 0, deliveries: 0 });
  });
});

// Single events reaching the api in one tick are stored by one batch statement per account; each
// request must still get its own answer, whatever it shares a statement with.
describe("POST /v1/events, many at once", () => {
  it("answers each request on its own: new events, replays of a stored key, a 409, and two accounts", async () => {
    const other = await stack.key(["*"], `${account} (2)`);
    for (const [owner, name] of [
      [key, "singles-a"],
      [other, "singles-b"],
    ] as const) {
      const hook = await stack.call("POST", "/v1/webhooks", {
        key: owner,
        body: { url: receiver.endpoint(name, { status: 200 }), events: ["product.scored"] },
      });
      expect(hook.status).toBe(201);
    }
    const stored = { type: "product.scored", data: { n: 0 }, id: "single-key" };
    const first = await stack.call<{ id: string; deliveries: number }>("POST", "/v1/events", {
      key,
      body: stored,
    });
    expect(first.status).toBe(202);

    const send = (owner: string, body: object) =>
      stack.call<Result>("POST", "/v1/events", { key: owner, body });
    const answers = await Promise.all([
      ...Array.from({ length: 8 }, (_, n) => send(key, { type: "product.scored", data: { n: n + 1 } })),
      ...Array.from({ length: 8 }, (_, n) => send(other, { type: "product.scored", data: { n: n + 1 } })),
      ...Array.from({ length: 3 }, () => send(key, stored)),
      send(key, { ...stored, data: { n: -1 } }),
    ]);
    const fresh = answers
      .slice(0, 16)
      .map((answer) => answer.body.data as { id: string; deliveries: number });
    expect(answers.slice(0, 19).map((answer) => answer.status)).toEqual(Array(19).fill(202));
    expect(fresh.map((event) => event.deliveries)).toEqual(Array(16).fill(1));
    expect(new Set(fresh.map((event) => event.id)).size).toBe(16);
    expect(answers.slice(16, 19).map((answer) => answer.body.data)).toEqual(Array(3).fill(first.body.data));
    expect(answers[19]).toMatchObject({ status: 409, body: { error: { code: "CONFLICT" } } });

    expect(await counts()).toMatchObject({ events: 9, keys: 1, deliveries: 9 });
    // Each account's events reached its own webhook only, each once.
    for (const [name, events] of [
      ["singles-a", [first.body.data, ...fresh.slice(0, 8)]],
      ["singles-b", fresh.slice(8)],
    ] as const) {
      const requests = await receiver.waitForRequests(name, events.length);
      expect(requests.map((request) => JSON.parse(request.body).id as string).sort()).toEqual(
        events.map((event) => event.id).sort(),
      );
    }
  });
});
