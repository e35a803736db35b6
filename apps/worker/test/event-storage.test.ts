// Event storage through real api and worker processes: data delivered byte for byte as sent
// and signed as sent, the event log across day partitions, bounded inline lists, and recovery
// of what a disabled webhook missed (with a dry run).
import { createDayPartitions, uuidv7, uuidv7Like } from "@herald/db";
import { type Receiver, startReceiver } from "@herald/local-stack/receiver";
import { Webhook as StandardWebhook } from "standardwebhooks";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { HeraldStack, waitForDeliveries } from "../../../test/support/herald-stack.js";

let stack: HeraldStack;
let receiver: Receiver;
let key: string;
let account = "";
const DAY = 86_400_000;

beforeAll(async () => {
  receiver = await startReceiver();
  stack = await HeraldStack.start({ worker: true });
});

// Each test in an account of its own, so event logs do not mix.
beforeEach(async (context) => {
  account = context.task.name.slice(0, 40);
  key = await stack.key(["*"], account);
});
afterAll(async () => {
  await stack?.stop();
  await receiver?.stop();
});

async function webhook(name: string, events: string[]) {
  const created = await stack.call<{ id: string; secret: string }>("POST", "/v1/webhooks", {
    key,
    body: { url: receiver.endpoint(name, { status: 200 }), events },
  });
  expect(created.status).toBe(201);
  return created.body.data;
}

// An event written straight into a backdated day partition, as if ingested `daysAgo` days ago.
async function backdatedEvent(type: string, daysAgo: number, webhookId?: string) {
  const at = new Date(Date.now() - daysAgo * DAY);
  const client = await stack.db.connect();
  try {
    await createDayPartitions(client, at, at);
  } finally {
    client.release();
  }
  const id = uuidv7(at);
  const [row] = await stack.query<{ id: string }>("SELECT id FROM accounts WHERE name = $1", [account]);
  await stack.query(
    `INSERT INTO events (id, account_id, type, payload, request_hash, created_at) VALUES ($1, $2, $3, '{}', 'h', $4)`,
    [id, row!.id, type, at],
  );
  if (webhookId) {
    await stack.query(
      `INSERT INTO deliveries (id, event_id, webhook_id, status, created_at, updated_at, completed_at)
       VALUES ($1, $2, $3, 'succeeded', $4, $4, $4)`,
      [uuidv7Like(id), id, webhookId, at],
    );
  }
  return { id, at };
}

describe("exact payloads", () => {
  it("delivers data byte for byte as sent (key order, spacing, a big integer) and signs those bytes", async () => {
    const hook = await webhook("exact", ["product.scored"]);
    const data = '{"i":0,"zeta":1, "a":{"y":1,"x":2},"big":12345678901234567890}';
    const sent = await stack.call<{ id: string }>("POST", "/v1/events", {
      key,
      headers: { "content-type": "application/json" },
      body: `{"type":"product.scored","data":${data}}`,
    });
    expect(sent.status).toBe(202);
    const [request] = await receiver.waitForRequests("exact", 1);
    expect(request!.body).toMatch(
      /^\{"id":"[0-9a-f-]{36}","type":"product\.scored","timestamp":"[^"]+","data":/,
    );
    expect(request!.body.endsWith(`"data":${data}}`)).toBe(true);
    expect(() => new StandardWebhook(hook.secret).verify(request!.body, request!.headers)).not.toThrow();

    const shown = await fetch(`${stack.api.url}/v1/events/${sent.body.data.id}`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(await shown.text()).toContain(`"data":${data},`);
  });
});

describe("the event log", () => {
  it("lists newest first across day partitions, filters by type and time, and pages with a cursor", async () => {
    const hook = await webhook("log", ["product.synced"]);
    const old = await backdatedEvent("product.synced", 3, hook.id);
    const older = await backdatedEvent("optimization.reverted", 5);
    const oldest = await backdatedEvent("product.synced", 9);
    const now = await stack.call<{ id: string }>("POST", "/v1/events", {
      key,
      headers: { "Idempotency-Key": "log-1" },
      body: { type: "product.synced", data: { n: 1 } },
    });
    await waitForDeliveries(stack, now.body.data.id);
    type Item = {
      id: string;
      type: string;
      idempotency_key: string | null;
      deliveries: Record<string, number>;
    };
    const list = async (query: string) => {
      const answer = await stack.call<Item[]>("GET", `/v1/events?${query}`, { key });
      expect(answer.status).toBe(200);
      return { items: answer.body.data, next: answer.body.meta.next_cursor as string | null };
    };

    const all = await list("limit=100");
    expect(all.items.map((item) => item.id)).toEqual([now.body.data.id, old.id, older.id, oldest.id]);
    expect(all.items[0]).toMatchObject({
      type: "product.synced",
      idempotency_key: "log-1",
      deliveries: { total: 1, pending: 0, succeeded: 1, failed: 0 },
    });
    expect(all.items[1]!.deliveries).toEqual({ total: 1, pending: 0, succeeded: 1, failed: 0 });

    const synced = await list("type=product.synced");
    expect(synced.items.map((item) => item.id)).toEqual([now.body.data.id, old.id, oldest.id]);
    const both = await list("type=optimization.reverted&type=product.synced,product.scored&limit=100");
    expect(both.items).toHaveLength(4);

    const since = new Date(Date.now() - 6 * DAY).toISOString();
    const until = new Date(Date.now() - DAY).toISOString();
    const window = await list(`since=${since}&until=${until}`);
    expect(window.items.map((item) => item.id)).toEqual([old.id, older.id]);

    const pages: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await list(`limit=1${cursor ? `&cursor=${cursor}` : ""}`);
      pages.push(...page.items.map((item) => item.id));
      cursor = page.next;
    } while (cursor);
    expect(pages).toEqual(all.items.map((item) => item.id));

    const reversed = await stack.call("GET", `/v1/events?since=${until}&until=${since}`, { key });
    expect(reversed.status).toBe(422);
    expect(reversed.body.error.details).toEqual({ until: "must be after since" });
    const bad = await stack.call("GET", "/v1/events?limit=0&type=,&since=today&cursor=nope", { key });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details).toEqual({
      limit: expect.stringMatching(/at least 1/),
      type: expect.stringMatching(/1 to 20 event types/),
      since: expect.stringMatching(/ISO-8601/),
      cursor: "is not a cursor this API returned",
    });
  });

  it("shows at most 100 deliveries and 100 attempts inline, with a cursor to the rest", async () => {
    const hook = await webhook("many", ["optimization.reverted"]);
    const event = await backdatedEvent("optimization.reverted", 1);
    const deliveryIds = Array.from({ length: 105 }, () => uuidv7Like(event.id));
    await stack.query(
      `INSERT INTO deliveries (id, event_id, webhook_id, status, created_at, updated_at)
       SELECT unnest($1::uuid[]), $2, $3, 'failed', $4, $4`,
      [deliveryIds, event.id, hook.id, event.at],
    );
    const detail = await stack.call<{ deliveries: { id: string }[]; deliveries_next_cursor: string }>(
      "GET",
      `/v1/events/${event.id}`,
      { key },
    );
    expect(detail.body.data.deliveries).toHaveLength(100);
    const rest = await stack.call<{ id: string }[]>(
      "GET",
      `/v1/events/${event.id}/deliveries?limit=100&cursor=${detail.body.data.deliveries_next_cursor}`,
      { key },
    );
    expect(rest.body.meta.has_more).toBe(false);
    expect([...detail.body.data.deliveries, ...rest.body.data].map((d) => d.id).sort()).toEqual(
      [...deliveryIds].sort(),
    );

    const deliveryId = deliveryIds[0]!;
    await stack.query(
      `INSERT INTO delivery_attempts (id, delivery_id, attempt_number, attempted_at, outcome, duration_ms)
       SELECT gen_random_uuid(), $1, n, $2::timestamptz + n * interval '1 second', 'http_error', 5
       FROM generate_series(1, 103) n`,
      [deliveryId, event.at],
    );
    const delivery = await stack.call<{
      attempts: { attempt_number: number }[];
      attempts_next_cursor: string;
    }>("GET", `/v1/deliveries/${deliveryId}`, { key });
    expect(delivery.body.data.attempts.map((a) => a.attempt_number)).toEqual(
      Array.from({ length: 100 }, (_, i) => i + 1),
    );
    const more = await stack.call<{ attempt_number: number }[]>(
      "GET",
      `/v1/deliveries/${deliveryId}/attempts?cursor=${delivery.body.data.attempts_next_cursor}`,
      { key },
    );
    expect(more.body.data.map((a) => a.attempt_number)).toEqual([101, 102, 103]);
  });
});

describe("recover", () => {
  it("walks a window larger than one batch, and re-sends each skipped event once", async () => {
    const hook = await webhook("recover-many", ["optimization.approved"]);
    const first = await backdatedEvent("optimization.approved", 2);
    const [row] = await stack.query<{ id: string }>("SELECT id FROM accounts WHERE name = $1", [account]);
    // 600 more events of that day (over two batches of RECOVER_BATCH = 500), ids in Herald's scheme.
    await stack.query(
      `INSERT INTO events (id, account_id, type, payload, request_hash, created_at)
       SELECT (substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-7' || substr(gen_random_uuid()::text, 16))::uuid,
              $1, 'optimization.approved', '{}', 'h', at
       FROM (SELECT at, lpad(to_hex(floor(extract(epoch FROM at) * 1000)::bigint), 12, '0') AS h
             FROM (SELECT $2::timestamptz + g * interval '1 second' AS at FROM generate_series(1, 600) g) a) b`,
      [row!.id, first.at],
    );
    // The webhook is newer than these events: recover only sends events created after it.
    await stack.query("UPDATE webhooks SET created_at = $2 WHERE id = $1", [
      hook.id,
      new Date(first.at.getTime() - 1000),
    ]);
    const since = new Date(first.at.getTime() - 1000).toISOString();
    const dry = await stack.call("POST", `/v1/webhooks/${hook.id}/recover`, {
      key,
      body: { since, dry_run: true },
    });
    expect(dry.body.data).toMatchObject({ skipped_events: 601, failed_deliveries: 0 });
    const done = await stack.call("POST", `/v1/webhooks/${hook.id}/recover`, { key, body: { since } });
    expect(done.body.data).toMatchObject({ skipped_events: 601, failed_deliveries: 0 });
    const [counts] = await stack.query<{ deliveries: number; events: number }>(
      `SELECT count(*)::int AS deliveries, count(DISTINCT event_id)::int AS events FROM deliveries WHERE webhook_id = $1`,
      [hook.id],
    );
    expect(counts).toEqual({ deliveries: 601, events: 601 });
    const again = await stack.call("POST", `/v1/webhooks/${hook.id}/recover`, {
      key,
      body: { since, dry_run: true },
    });
    expect(again.body.data).toMatchObject({ recovered: 0 });
  }, 60_000);

  it("re-sends what a disabled webhook missed and its failed deliveries, once, after a dry run that changes nothing", async () => {
    const hook = await webhook("recover", ["optimization.applied"]);
    const before = new Date(Date.now() - 1000).toISOString();
    const failedEvent = await stack.call<{ id: string }>("POST", "/v1/events", {
      key,
      body: { type: "optimization.applied", data: { n: "failed" } },
    });
    await receiver.waitForRequests("recover", 1);
    await waitForDeliveries(stack, failedEvent.body.data.id);
    await stack.query("UPDATE deliveries SET status = 'failed' WHERE event_id = $1", [
      failedEvent.body.data.id,
    ]);
    const disabled = await stack.call("PATCH", `/v1/webhooks/${hook.id}`, { key, body: { active: false } });
    expect(disabled.status).toBe(200);
    const skipped = await stack.call<{ id: string; deliveries: number }>("POST", "/v1/events", {
      key,
      body: { type: "optimization.applied", data: { n: "skipped" } },
    });
    expect(skipped.body.data.deliveries).toBe(0);
    const other = await stack.call<{ deliveries: number }>("POST", "/v1/events", {
      key,
      body: { type: "product.scored", data: { n: "not subscribed" } },
    });
    expect(other.status).toBe(202);

    const refused = await stack.call("POST", `/v1/webhooks/${hook.id}/recover`, {
      key,
      body: { since: before },
    });
    expect(refused.status).toBe(409);
    await stack.call("PATCH", `/v1/webhooks/${hook.id}`, { key, body: { active: true } });

    const snapshot = () =>
      stack.query("SELECT id, status::text FROM deliveries WHERE webhook_id = $1 ORDER BY id", [hook.id]);
    const unchanged = await snapshot();
    const dry = await stack.call("POST", `/v1/webhooks/${hook.id}/recover`, {
      key,
      body: { since: before, dry_run: true },
    });
    expect(dry.status).toBe(200);
    expect(dry.body.data).toMatchObject({
      dry_run: true,
      recovered: 2,
      failed_deliveries: 1,
      skipped_events: 1,
    });
    expect(await snapshot()).toEqual(unchanged);

    const recovered = await stack.call("POST", `/v1/webhooks/${hook.id}/recover`, {
      key,
      body: { since: before },
    });
    expect(recovered.status).toBe(202);
    expect(recovered.body.data).toMatchObject({
      dry_run: false,
      recovered: 2,
      failed_deliveries: 1,
      skipped_events: 1,
    });
    const requests = await receiver.waitForRequests("recover", 3);
    expect(
      requests
        .slice(1)
        .map((r) => JSON.parse(r.body).data.n)
        .sort(),
    ).toEqual(["failed", "skipped"]);
    await waitForDeliveries(
      stack,
      skipped.body.data.id,
      (rows) => rows.length === 1 && rows[0]!.status === "succeeded",
    );

    const again = await stack.call("POST", `/v1/webhooks/${hook.id}/recover`, {
      key,
      body: { since: before },
    });
    expect(again.body.data).toMatchObject({ recovered: 0 });

    const bad = await stack.call("POST", `/v1/webhooks/${hook.id}/recover`, {
      key,
      body: { since: "yesterday", dry_run: "yes", until: before },
    });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.error.details ?? {}).sort()).toEqual(["dry_run", "since"]);
  });
});
