// How many statements Postgres runs per delivery, counted by pg_stat_statements on a server of
// this test's own: ingest is one statement per event (event and all its deliveries), a batch
// of events is one statement for all of them, and each attempt is one read and one write at
// most: the loads of the jobs that run in one tick share a statement, and so do their records
// (the rows those statements return show every delivery loaded and recorded exactly once). The
// README states these numbers; this keeps them true.
import { migrateDatabase } from "@herald/db";
import { adminQuery, type LocalPostgres, startEmbeddedPostgres } from "@herald/local-stack";
import { type Receiver, startReceiver } from "@herald/local-stack/receiver";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { HeraldStack } from "../../../test/support/herald-stack.js";

let postgres: LocalPostgres;
let stack: HeraldStack;
let receiver: Receiver;
let key: string;
// The test's own queries run as another role, so only Herald's statements are counted.
let observer: pg.Pool;

beforeAll(async () => {
  postgres = await startEmbeddedPostgres({ fast: true, preload: ["pg_stat_statements"] });
  await adminQuery(postgres.adminUrl, "CREATE DATABASE budget");
  const url = postgres.adminUrl.replace(/\/postgres$/, "/budget");
  await migrateDatabase(url);
  await adminQuery(url, "CREATE EXTENSION pg_stat_statements");
  await adminQuery(url, "CREATE ROLE observer LOGIN SUPERUSER");
  observer = new pg.Pool({ connectionString: url.replace("postgres@", "observer@"), max: 2 });
  receiver = await startReceiver();
  // The sweeper would add statements of its own; it has its own tests.
  stack = await HeraldStack.start({
    worker: true,
    database: { url, drop: async () => {} },
    env: { SWEEP_INTERVAL_MS: "3600000", EXTRA_EVENT_TYPES: "budget.f1,budget.f5,budget.b3" },
  });
  key = await stack.key(["*"]);
}, 60_000);
afterAll(async () => {
  await observer?.end();
  await stack?.stop();
  await receiver?.stop();
  await postgres?.stop();
});

interface Counted {
  calls: number;
  rows: number;
  query: string;
}

async function statements(): Promise<Counted[]> {
  const { rows } = await observer.query<Counted>(
    `SELECT calls::int, rows::int, query FROM pg_stat_statements
     WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
       AND userid = (SELECT oid FROM pg_roles WHERE rolname = 'postgres')`,
  );
  return rows;
}

async function settled(eventIds: string[]): Promise<void> {
  for (;;) {
    const { rows } = await observer.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM deliveries WHERE event_id = ANY($1::uuid[]) AND status = 'pending'",
      [eventIds],
    );
    if (rows[0]?.n === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function run(events: number, webhooks: number) {
  for (let i = 0; i < webhooks; i++) {
    await stack.call("POST", "/v1/webhooks", {
      key,
      body: { url: receiver.endpoint(`b${webhooks}-${i}`, { status: 200 }), events: [`budget.f${webhooks}`] },
    });
  }
  // Warm up: pools connect and Prisma prepares what it needs before counting starts.
  const warm = await stack.call<{ id: string }>("POST", "/v1/events", {
    key,
    body: { type: `budget.f${webhooks}`, data: {} },
  });
  await settled([warm.body.data.id]);
  await observer.query("SELECT pg_stat_statements_reset()");
  const ids: string[] = [];
  for (let i = 0; i < events; i++) {
    const answer = await stack.call<{ id: string }>("POST", "/v1/events", {
      key,
      body: { type: `budget.f${webhooks}`, data: { i } },
    });
    ids.push(answer.body.data.id);
  }
  await settled(ids);
  const counted = await statements();
  return { total: counted.reduce((sum, s) => sum + s.calls, 0), counted, ...attemptStatements(counted) };
}

// The worker's load (it reads events) and record (it writes attempts): statements and rows.
function attemptStatements(counted: Counted[]) {
  const sum = (match: RegExp) =>
    counted
      .filter((s) => match.test(s.query))
      .reduce((total, s) => ({ calls: total.calls + s.calls, rows: total.rows + s.rows }), {
        calls: 0,
        rows: 0,
      });
  return { load: sum(/JOIN events e ON/), record: sum(/INSERT INTO delivery_attempts/) };
}

it("ingests with one statement per event and attempts with two per delivery at most", async () => {
  const single = await run(30, 1);
  const shown = JSON.stringify(single.counted, null, 1);
  // 30 ingests + 30 deliveries, each loaded and recorded once, in at most 30 statements each;
  // at most a few bookkeeping writes (last_used_at).
  expect(single.load, shown).toMatchObject({ rows: 30 });
  expect(single.record, shown).toMatchObject({ rows: 30 });
  expect(single.load.calls + single.record.calls, shown).toBeLessThanOrEqual(60);
  expect(single.total - single.load.calls - single.record.calls, shown).toBeGreaterThanOrEqual(30);
  expect(single.total - single.load.calls - single.record.calls, shown).toBeLessThanOrEqual(32);

  const fanOut = await run(10, 5);
  const fanShown = JSON.stringify(fanOut.counted, null, 1);
  // 10 ingests + 50 deliveries (loads and records at most 50 statements each).
  expect(fanOut.load, fanShown).toMatchObject({ rows: 50 });
  expect(fanOut.record, fanShown).toMatchObject({ rows: 50 });
  expect(fanOut.load.calls + fanOut.record.calls, fanShown).toBeLessThanOrEqual(100);
  expect(fanOut.total - fanOut.load.calls - fanOut.record.calls, fanShown).toBeGreaterThanOrEqual(10);
  expect(fanOut.total - fanOut.load.calls - fanOut.record.calls, fanShown).toBeLessThanOrEqual(12);
}, 60_000);

it("ingests a whole batch of events with one statement", async () => {
  for (let i = 0; i < 3; i++) {
    await stack.call("POST", "/v1/webhooks", {
      key,
      body: { url: receiver.endpoint(`batch-${i}`, { status: 200 }), events: ["budget.b3"] },
    });
  }
  const send = async (count: number) => {
    const answer = await stack.call<{ id: string }[]>("POST", "/v1/events/batch", {
      key,
      body: { events: Array.from({ length: count }, (_, i) => ({ type: "budget.b3", data: { i } })) },
    });
    expect(answer.status).toBe(202);
    return answer.body.data.map((result) => result.id);
  };
  await settled(await send(2));
  await observer.query("SELECT pg_stat_statements_reset()");
  await settled(await send(20));
  const counted = await statements();
  const total = counted.reduce((sum, s) => sum + s.calls, 0);
  const { load, record } = attemptStatements(counted);
  const shown = JSON.stringify(counted, null, 1);
  // 1 ingest for the 20 events; their 60 deliveries reach the worker together, so their loads
  // and records share statements: every delivery loaded and recorded once, in fewer statements
  // than deliveries; a few bookkeeping writes.
  expect(load, shown).toMatchObject({ rows: 60 });
  expect(record, shown).toMatchObject({ rows: 60 });
  expect(load.calls, shown).toBeLessThan(60);
  expect(record.calls, shown).toBeLessThan(60);
  expect(total - load.calls - record.calls, shown).toBeGreaterThanOrEqual(1);
  expect(total - load.calls - record.calls, shown).toBeLessThanOrEqual(3);
}, 60_000);
