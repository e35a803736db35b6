// Postgres stopped: the API answers 503 in the envelope and writes nothing half-way; the worker
// never marks delivered what it could not record, and both resume when Postgres is back.
import { migrateDatabase } from "@herald/db";
import { adminQuery, type LocalPostgres, startEmbeddedPostgres, waitFor } from "@herald/local-stack";
import { type Receiver, startReceiver } from "@herald/local-stack/receiver";
import { afterAll, beforeAll, expect, it } from "vitest";
import { HeraldStack } from "../support/herald-stack.js";

let postgres: LocalPostgres;
let stack: HeraldStack;
let receiver: Receiver;

beforeAll(async () => {
  postgres = await startEmbeddedPostgres({ fast: true });
  await adminQuery(postgres.adminUrl, "CREATE DATABASE outage");
  const url = postgres.adminUrl.replace(/\/postgres$/, "/outage");
  await migrateDatabase(url);
  receiver = await startReceiver();
  stack = await HeraldStack.start({
    worker: true,
    database: { url, drop: async () => {} },
    env: {
      RETRY_BASE_DELAY_MS: "300",
      RETRY_MAX_DELAY_MS: "1000",
      RETRY_MAX_ATTEMPTS: "20",
      API_KEY_CACHE_TTL_MS: "60000",
    },
  });
}, 60_000);
afterAll(async () => {
  await stack?.stop();
  await receiver?.stop();
  await postgres?.stop();
});

it("5: Postgres stopped → 503 and no partial rows; deliveries resume, none recorded that was not", async () => {
  const key = await stack.key(["*"]);
  for (let i = 0; i < 3; i++) {
    await stack.call("POST", "/v1/webhooks", {
      key,
      body: { url: receiver.endpoint("pg", { status: 200, delayMs: 800 }), events: ["product.scored"] },
    });
  }
  const before = await stack.call<{ id: string }>("POST", "/v1/events", {
    key,
    body: { type: "product.scored", data: { n: 0 } },
  });
  await receiver.waitForRequests("pg", 1);
  // The attempts now in flight finish while Postgres is down: they cannot be recorded.
  await postgres.pause();

  for (const [method, path, body] of [
    ["POST", "/v1/events", { type: "product.scored", data: { n: 1 } }],
    ["POST", "/v1/webhooks", { url: "https://x.example/h", events: ["product.scored"] }],
    ["GET", "/v1/webhooks"],
  ] as const) {
    const answer = await stack.call(method, path, { key, body });
    expect(answer.status, `${method} ${path}: ${JSON.stringify(answer.body)}`).toBe(503);
    expect(answer.body).toMatchObject({ success: false, error: { code: "SERVICE_UNAVAILABLE" } });
    expect(answer.body.meta.request_id).toMatch(/^[0-9a-f]{32}$/);
  }
  expect((await fetch(`${stack.api.url}/readyz`)).status).toBe(503);
  const worker = stack.apps.find((app) => app.role === "worker")!;
  expect((await fetch(`${worker.url}/readyz`)).status).toBe(503);
  await new Promise((resolve) => setTimeout(resolve, 1500));

  await postgres.start();
  const db = stack.db;
  {
    // Nothing half-written: every event has exactly one delivery per subscribed webhook.
    const partial = await db.query(
      "SELECT e.id FROM events e LEFT JOIN deliveries d ON d.event_id = e.id GROUP BY e.id HAVING count(d.id) <> 3",
    );
    expect(partial.rows).toEqual([]);
    // Whatever the receiver answered while Postgres was down was not recorded as delivered.
    const recorded = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM delivery_attempts");
    expect(recorded.rows[0]!.n).toBeLessThanOrEqual(receiver.requests("pg").length);
    await waitFor(
      "the worker and the API to recover",
      async () =>
        (await fetch(`${worker.url}/readyz`)).status === 200 &&
        (await fetch(`${stack.api.url}/readyz`)).status === 200,
      { timeoutMs: 20_000 },
    );
    const after = await stack.call<{ id: string; deliveries: number }>("POST", "/v1/events", {
      key,
      body: { type: "product.scored", data: { n: 2 } },
    });
    expect(after.status).toBe(202);
    expect(after.body.data.deliveries).toBe(3);
    await waitFor(
      "every delivery to succeed",
      async () => {
        const { rows } = await db.query<{ status: string }>(
          "SELECT status::text FROM deliveries WHERE event_id = ANY($1::uuid[])",
          [[before.body.data.id, after.body.data.id]],
        );
        return rows.length === 6 && rows.every((row) => row.status === "succeeded");
      },
      { timeoutMs: 30_000 },
    );
    // Every success recorded was a real 2xx the receiver sent.
    const { rows } = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM delivery_attempts WHERE outcome = 'success'",
    );
    expect(rows[0]!.n).toBeLessThanOrEqual(receiver.requests("pg").length);
  }
}, 90_000);
