// batchPerTick against a real database: the delivery loads and the attempt records of one tick
// are one statement each, each caller gets its own row, a batch that Postgres refuses fails
// every caller in it, and one whose delivery is gone fails alone.
import { createDatabase, createDayPartitions, type Database, uuidv7, uuidv7Like } from "@herald/db";
import { freshDatabase, type TestDatabase } from "@herald/local-stack/testing";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BatchOptions, batchPerTick } from "../src/batch-per-tick.js";
import { loadDeliveries, loadDelivery } from "../src/delivery-store.js";
import { type RecordInput, recordAttempt } from "../src/record-attempts.js";

let database: TestDatabase;
let db: Database;
let pool: pg.Pool;
let webhookId: string;
let accountId: string;
// Statements this file's Database sent (the same real database, counted on the way).
let sent: string[] = [];
let counting: Database;

beforeAll(async () => {
  database = await freshDatabase();
  db = createDatabase(database.url, { poolSize: 4 });
  counting = {
    ...db,
    query: (statement) => {
      sent.push(statement.text);
      return db.query(statement);
    },
  };
  pool = new pg.Pool({ connectionString: database.url, max: 2 });
  const client = await pool.connect();
  try {
    await createDayPartitions(client, new Date(), new Date());
  } finally {
    client.release();
  }
  const account = await pool.query<{ id: string }>(
    "INSERT INTO accounts (id, name) VALUES (gen_random_uuid(), 'batched') RETURNING id",
  );
  accountId = account.rows[0]!.id;
  webhookId = await newWebhook();
});
afterAll(async () => {
  await db?.close();
  await pool?.end();
  await database?.drop();
});

async function newWebhook(): Promise<string> {
  const webhook = await pool.query<{ id: string }>(
    `INSERT INTO webhooks (id, account_id, url, events, secret_encrypted, updated_at)
     VALUES (gen_random_uuid(), $1, 'http://127.0.0.1:9/x', '{*}', 'sealed', now()) RETURNING id`,
    [accountId],
  );
  return webhook.rows[0]!.id;
}

// `on`: the pool, or a client whose open transaction the rows join.
async function pendingDelivery(
  n: number,
  webhook = webhookId,
  on: Pick<pg.Pool, "query"> = pool,
): Promise<{ deliveryId: string; eventId: string }> {
  const at = new Date();
  const eventId = uuidv7(at);
  const deliveryId = uuidv7Like(eventId);
  await on.query(
    `INSERT INTO events (id, account_id, type, payload, request_hash, created_at)
     VALUES ($1, $2, 'product.scored', $3, 'h', $4)`,
    [eventId, accountId, JSON.stringify({ n }), at],
  );
  await on.query(
    `INSERT INTO deliveries (id, event_id, webhook_id, next_attempt_at, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $4, $4)`,
    [deliveryId, eventId, webhook, at],
  );
  return { deliveryId, eventId };
}

describe("delivery loads batched per tick", () => {
  it("loads the deliveries asked for in one tick with one statement, each caller its own row", async () => {
    const made = await Promise.all([1, 2, 3, 4, 5].map((n) => pendingDelivery(n)));
    const missing = uuidv7Like(made[0]!.eventId);
    sent = [];
    const rows = await Promise.all([
      ...made.map((m) => loadDelivery(counting, m.deliveryId)),
      loadDelivery(counting, missing),
    ]);
    expect(sent).toHaveLength(1);
    expect(rows.map((row) => row?.id)).toEqual([...made.map((m) => m.deliveryId), undefined]);
    expect(rows.map((row) => row?.event_id)).toEqual([...made.map((m) => m.eventId), undefined]);
    expect(rows.map((row) => row && JSON.parse(row.payload).n)).toEqual([1, 2, 3, 4, 5, undefined]);
  });

  it("sends loads of later ticks as statements of their own", async () => {
    const [a, b] = await Promise.all([pendingDelivery(6), pendingDelivery(7)]);
    sent = [];
    const first = await loadDelivery(counting, a!.deliveryId);
    const second = await loadDelivery(counting, b!.deliveryId);
    expect([first?.id, second?.id]).toEqual([a!.deliveryId, b!.deliveryId]);
    expect(sent).toHaveLength(2);
  });

  it("answers the same row to two callers asking for one delivery in one tick", async () => {
    const { deliveryId } = await pendingDelivery(8);
    expect((await loadDeliveries(db, [deliveryId, deliveryId])).map((row) => row?.id)).toEqual([
      deliveryId,
      deliveryId,
    ]);
  });

  it("fails every caller of a batch Postgres refused, and the next batch goes on", async () => {
    const load = batchPerTick((ids: string[]) => loadDeliveries(db, ids));
    const { deliveryId } = await pendingDelivery(9);
    const outcomes = await Promise.allSettled([load(deliveryId), load("not-a-uuid")]);
    expect(outcomes.map((o) => o.status)).toEqual(["rejected", "rejected"]);
    const reasons = outcomes.map((o) => (o.status === "rejected" ? String(o.reason) : ""));
    expect(reasons[0]).toMatch(/invalid input syntax for type uuid/);
    expect(reasons[1]).toBe(reasons[0]);
    expect((await load(deliveryId))?.id).toBe(deliveryId);
  });

  it("fails only the call whose answer is an Error", async () => {
    const half = batchPerTick(async (inputs: number[]) =>
      inputs.map((n) => (n % 2 === 0 ? n / 2 : new Error(`${n} is odd`))),
    );
    const outcomes = await Promise.allSettled([2, 3, 4].map(half));
    expect(outcomes.map((o) => (o.status === "fulfilled" ? o.value : String(o.reason)))).toEqual([
      1,
      "Error: 3 is odd",
      2,
    ]);
  });

  // A batcher that doubles numbers, and the batches it was given.
  const doubler = (options: BatchOptions) => {
    const batches: number[][] = [];
    const double = batchPerTick(async (inputs: number[]) => {
      batches.push(inputs);
      return inputs.map((n) => n * 2);
    }, options);
    return { double, batches };
  };

  it("splits a tick's calls into batches of at most maxBatch", async () => {
    const { double, batches } = doubler({ maxBatch: 2 });
    expect(await Promise.all([1, 2, 3, 4, 5].map(double))).toEqual([2, 4, 6, 8, 10]);
    expect(batches).toEqual([[1, 2], [3, 4], [5]]);
  });

  it("with a batch window, loads of later turns share a statement while they come closer than it", async () => {
    const [a, b, c] = await Promise.all([pendingDelivery(10), pendingDelivery(11), pendingDelivery(12)]);
    // Its own handle, so its own batcher with this window.
    const windowed: Database = { ...counting, batchWindowMs: 1000 };
    const nextTurn = () => new Promise((resolve) => setTimeout(resolve, 5));
    sent = [];
    // The first call after a quiet spell goes at the end of its turn; the next one, 5 ms later,
    // waits out the window for company, and the third joins it.
    expect((await loadDelivery(windowed, a!.deliveryId))?.id).toBe(a!.deliveryId);
    expect(sent).toHaveLength(1);
    await nextTurn();
    const second = loadDelivery(windowed, b!.deliveryId);
    await nextTurn();
    const third = loadDelivery(windowed, c!.deliveryId);
    expect((await Promise.all([second, third])).map((row) => row?.id)).toEqual([
      b!.deliveryId,
      c!.deliveryId,
    ]);
    expect(sent).toHaveLength(2);
  });

  it("sends a call after a quiet spell at the end of its turn, whatever the window", async () => {
    const { double } = doubler({ windowMs: 600_000 });
    expect(await double(1)).toBe(2);
  });

  it("sends a full batch at once, without waiting out its window", async () => {
    const { double, batches } = doubler({ maxBatch: 2, windowMs: 600_000 });
    // The first call goes alone; the two right after it would wait out the window, but fill it.
    expect(await double(0)).toBe(0);
    expect(await Promise.all([1, 2].map(double))).toEqual([2, 4]);
    expect(batches).toEqual([[0], [1, 2]]);
  });
});

// What the job processor records after a POST: the receiver's answer and the delivery's next state.
function attempt(
  deliveryId: string,
  webhook: string,
  statusCode: number,
  disableAfterFailures = 100,
): RecordInput {
  const success = statusCode < 300;
  return {
    delivery: { id: deliveryId, webhook_id: webhook, is_test: false, retry_requests: 0 },
    result: {
      outcome: success ? "success" : "http_error",
      statusCode,
      durationMs: 3,
      responseSnippet: "thanks",
      error: success ? null : `receiver answered ${statusCode}`,
      retryAfterMs: null,
    },
    attemptedAt: new Date(),
    nextStatus: success ? "succeeded" : "pending",
    nextAttemptAt: success ? null : new Date(Date.now() + 60_000),
    disableAfterFailures,
  };
}

async function stateOf(deliveryId: string) {
  const { rows } = await pool.query<{ status: string; attempts: number }>(
    `SELECT status::text, (SELECT count(*)::int FROM delivery_attempts a WHERE a.delivery_id = d.id) AS attempts
     FROM deliveries d WHERE id = $1`,
    [deliveryId],
  );
  return rows[0];
}

describe("attempt records batched per tick", () => {
  it("records the attempts of one tick to different webhooks with one statement", async () => {
    const hooks = await Promise.all([newWebhook(), newWebhook(), newWebhook()]);
    const made = await Promise.all(hooks.map((hook, i) => pendingDelivery(20 + i, hook)));
    sent = [];
    const outcomes = await Promise.all(
      made.map((m, i) => recordAttempt(counting, attempt(m.deliveryId, hooks[i]!, i === 1 ? 500 : 200))),
    );
    expect(sent).toHaveLength(1);
    expect(outcomes.map((o) => [o.deliveryStatus, o.attemptNumber])).toEqual([
      ["succeeded", 1],
      ["pending", 1],
      ["succeeded", 1],
    ]);
    expect(await Promise.all(made.map((m) => stateOf(m.deliveryId)))).toEqual([
      { status: "succeeded", attempts: 1 },
      { status: "pending", attempts: 1 },
      { status: "succeeded", attempts: 1 },
    ]);
  });

  it("takes a webhook's attempts of one tick one statement each, its counters in call order", async () => {
    const hook = await newWebhook();
    const [a, b] = await Promise.all([pendingDelivery(30, hook), pendingDelivery(31, hook)]);
    sent = [];
    // Two consecutive failures disable the webhook: the second attempt does it, never both.
    const outcomes = await Promise.all([
      recordAttempt(counting, attempt(a!.deliveryId, hook, 500, 2)),
      recordAttempt(counting, attempt(b!.deliveryId, hook, 500, 2)),
    ]);
    expect(sent).toHaveLength(2);
    expect(outcomes.map((o) => o.disabledReason)).toEqual([null, "failures"]);
    const { rows } = await pool.query("SELECT status::text, failure_count FROM webhooks WHERE id = $1", [
      hook,
    ]);
    expect(rows[0]).toEqual({ status: "disabled", failure_count: 2 });
  });

  it("records one webhook's successes of one tick together, its failure after them", async () => {
    const hook = await newWebhook();
    const made = await Promise.all([50, 51, 52, 53].map((n) => pendingDelivery(n, hook)));
    sent = [];
    const outcomes = await Promise.all(
      made.map((m, i) => recordAttempt(counting, attempt(m.deliveryId, hook, i === 3 ? 500 : 200))),
    );
    expect(sent).toHaveLength(2);
    expect(outcomes.map((o) => o.deliveryStatus)).toEqual(["succeeded", "succeeded", "succeeded", "pending"]);
    const { rows } = await pool.query("SELECT failure_count FROM webhooks WHERE id = $1", [hook]);
    expect(rows[0]).toEqual({ failure_count: 1 });
  });

  it("fails only the job whose delivery is gone; the others of its tick are recorded", async () => {
    const hook = await newWebhook();
    const kept = await pendingDelivery(40, hook);
    const gone = uuidv7Like(kept.eventId);
    const outcomes = await Promise.allSettled([
      recordAttempt(db, attempt(gone, await newWebhook(), 200)),
      recordAttempt(db, attempt(kept.deliveryId, hook, 200)),
    ]);
    expect(outcomes[0]).toMatchObject({
      status: "rejected",
      reason: { message: expect.stringMatching(/disappeared/) },
    });
    expect(outcomes[1]).toMatchObject({ status: "fulfilled", value: { deliveryStatus: "succeeded" } });
    expect(await stateOf(kept.deliveryId)).toEqual({ status: "succeeded", attempts: 1 });
  });

  it("never waits on the key-share lock an ingest in progress holds on the webhook", async () => {
    // Inserting a delivery locks its webhook's row FOR KEY SHARE until the ingest commits (the
    // foreign key). A record that locked the row FOR UPDATE waited on that, and with several
    // webhooks in each statement, a batch ingest and a record deadlocked.
    const hook = await newWebhook();
    const { deliveryId } = await pendingDelivery(50, hook);
    const ingest = await pool.connect();
    let polling = true;
    try {
      await ingest.query("BEGIN");
      await pendingDelivery(51, hook, ingest);
      const recorded = recordAttempt(db, attempt(deliveryId, hook, 500));
      const lockWait = async () => {
        while (polling) {
          const { rows } = await pool.query<{ waiting: number }>(
            `SELECT count(*)::int AS waiting FROM pg_stat_activity
             WHERE datname = current_database() AND wait_event_type = 'Lock'`,
          );
          if (rows[0]!.waiting > 0) return "waited on the ingest's lock";
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        return "stopped";
      };
      const first = await Promise.race([recorded.then(() => "recorded"), lockWait()]);
      polling = false;
      expect(first).toBe("recorded");
      expect(await stateOf(deliveryId)).toEqual({ status: "pending", attempts: 1 });
    } finally {
      polling = false;
      await ingest.query("ROLLBACK");
      ingest.release();
    }
  });
});
