// Retention on a real migrated database with backdated daily partitions: old days go as whole
// partitions, a day holding a pending delivery stays, partitions ahead are always there, the
// dry run changes nothing, and one pass at a time.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateDatabase } from "../src/migrate.js";
import {
  createDayPartitions,
  formatRetentionReport,
  listPartitions,
  RETENTION_LOCK,
  runRetentionPass,
} from "../src/retention/index.js";
import { uuidv7, uuidv7Like } from "../src/time-ids.js";
import { startTestPostgres, type TestPostgres } from "./postgres.js";

const DAY = 86_400_000;
const now = new Date();
const daysAgo = (n: number) => new Date(now.getTime() - n * DAY);
let postgres: TestPostgres;

beforeAll(async () => {
  postgres = await startTestPostgres();
});
afterAll(async () => {
  await postgres?.stop();
});

async function databaseWithHistory() {
  const url = await postgres.createDatabase();
  await migrateDatabase(url);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  for (const day of [40, 35, 10]) await createDayPartitions(client, daysAgo(day), daysAgo(day));
  const [account] = (
    await client.query<{ id: string }>(
      "INSERT INTO accounts (id, name) VALUES (gen_random_uuid(), 'acme') RETURNING id",
    )
  ).rows;
  const [webhook] = (
    await client.query<{ id: string }>(
      `INSERT INTO webhooks (id, account_id, url, events, secret_encrypted, updated_at)
     VALUES (gen_random_uuid(), $1, 'https://example.com', '{*}', 'x', now()) RETURNING id`,
      [account!.id],
    )
  ).rows;
  const addEvent = async (at: Date, status: "succeeded" | "pending", key?: string) => {
    const eventId = uuidv7(at);
    const deliveryId = uuidv7Like(eventId);
    await client.query(
      `INSERT INTO events (id, account_id, type, payload, idempotency_key, request_hash, created_at)
       VALUES ($1, $2, 't', '{}', $3, 'h', $4)`,
      [eventId, account!.id, key ?? null, at],
    );
    if (key) {
      await client.query(
        "INSERT INTO idempotency_keys (account_id, key, event_id, request_hash, created_at) VALUES ($1, $2, $3, 'h', $4)",
        [account!.id, key, eventId, at],
      );
    }
    await client.query(
      `INSERT INTO deliveries (id, event_id, webhook_id, status, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $5)`,
      [deliveryId, eventId, webhook!.id, status, at],
    );
    await client.query(
      `INSERT INTO delivery_attempts (id, delivery_id, attempt_number, attempted_at, outcome, duration_ms)
       VALUES (gen_random_uuid(), $1, 1, $2, 'http_error', 5)`,
      [deliveryId, at],
    );
    return { eventId, deliveryId };
  };
  const old = await addEvent(daysAgo(40), "succeeded", "old-key");
  const retrying = await addEvent(daysAgo(35), "pending", "retrying-key");
  const recent = await addEvent(daysAgo(10), "succeeded", "recent-key");
  const count = async (table: string) =>
    Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n);
  const snapshot = async () => ({
    partitions: (await listPartitions(client)).map((p) => p.name),
    rows: [await count("events"), await count("deliveries"), await count("delivery_attempts")],
    keys: await count("idempotency_keys"),
  });
  return { url, client, old, retrying, recent, snapshot };
}

// Until the pass's connection waits for a table lock.
async function waitForRetentionToWait(client: pg.Client): Promise<void> {
  for (;;) {
    const { rows } = await client.query(
      "SELECT 1 FROM pg_stat_activity WHERE application_name = 'herald-retention' AND wait_event_type = 'Lock'",
    );
    if (rows.length > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("retention", () => {
  it("drops whole expired days, keeps a day with a pending delivery, and keeps partitions ahead", async () => {
    const { url, client, old, retrying, recent, snapshot } = await databaseWithHistory();
    try {
      const report = await runRetentionPass(url, { retentionDays: 30, aheadDays: 7, now });
      const oldDay = daysAgo(40).toISOString().slice(0, 10).replaceAll("-", "");
      expect(report.dropped.flatMap((day) => day.partitions)).toEqual(
        expect.arrayContaining([
          `events_p${oldDay}`,
          `deliveries_p${oldDay}`,
          `delivery_attempts_p${oldDay}`,
        ]),
      );
      // Days 40 and 35 ago are expired; the retrying one's stays.
      const retryingDay = daysAgo(35).toISOString().slice(0, 10).replaceAll("-", "");
      expect(report.kept).toEqual([expect.objectContaining({ pending: 1 })]);
      expect(report.kept[0]!.partitions).toContain(`deliveries_p${retryingDay}`);

      const after = await snapshot();
      expect(after.partitions).not.toContain(`events_p${oldDay}`);
      expect(after.partitions).toContain(`events_p${retryingDay}`);
      const ids = async (sql: string) => (await client.query<{ id: string }>(sql)).rows.map((row) => row.id);
      expect(await ids("SELECT id FROM events ORDER BY id")).toEqual([retrying.eventId, recent.eventId]);
      expect(await ids("SELECT id FROM deliveries ORDER BY id")).toEqual([
        retrying.deliveryId,
        recent.deliveryId,
      ]);
      expect(await ids("SELECT delivery_id AS id FROM delivery_attempts ORDER BY delivery_id")).toEqual([
        retrying.deliveryId,
        recent.deliveryId,
      ]);
      expect(old.eventId).not.toBe(recent.eventId);
      // The kept day's key stays with its event.
      expect(await ids("SELECT key AS id FROM idempotency_keys ORDER BY key")).toEqual([
        "recent-key",
        "retrying-key",
      ]);
      expect(report.storage.daysAhead).toBeGreaterThanOrEqual(7);

      // Once it is done, the retrying day goes on the next pass.
      await client.query("UPDATE deliveries SET status = 'succeeded' WHERE id = $1", [retrying.deliveryId]);
      const next = await runRetentionPass(url, { retentionDays: 30, aheadDays: 7, now });
      expect(next.kept).toEqual([]);
      expect(next.dropped.flatMap((day) => day.partitions)).toContain(`deliveries_p${retryingDay}`);
      expect(await ids("SELECT id FROM events")).toEqual([recent.eventId]);
      expect(await ids("SELECT key AS id FROM idempotency_keys")).toEqual(["recent-key"]);
    } finally {
      await client.end();
    }
  });

  it("creates the partitions ahead so inserts far ahead land, and a later pass adds the next day", async () => {
    const { url, client } = await databaseWithHistory();
    try {
      const later = new Date(now.getTime() + 20 * DAY);
      const insertAt = (at: Date) =>
        client.query(
          `INSERT INTO events (id, account_id, type, payload, request_hash, created_at)
           SELECT $1, id, 't', '{}', 'h', $2 FROM accounts LIMIT 1`,
          [uuidv7(at), at],
        );
      await expect(insertAt(new Date(later.getTime() + 7 * DAY))).rejects.toThrow(/no partition/);
      const report = await runRetentionPass(url, { retentionDays: 30, aheadDays: 7, now: later });
      expect(report.created.length).toBeGreaterThan(0);
      expect(report.storage.daysAhead).toBe(7);
      await insertAt(new Date(later.getTime() + 7 * DAY));
    } finally {
      await client.end();
    }
  });

  it("the dry run reports what a pass would do and changes nothing", async () => {
    const { url, client, snapshot } = await databaseWithHistory();
    try {
      const before = await snapshot();
      const far = new Date(now.getTime() + 30 * DAY);
      const report = await runRetentionPass(url, { retentionDays: 30, aheadDays: 7, now: far, dryRun: true });
      expect(report.dryRun).toBe(true);
      expect(report.created.length).toBeGreaterThan(0);
      expect(report.dropped.length).toBeGreaterThan(0);
      expect(report.kept).toEqual([expect.objectContaining({ pending: 1 })]);
      // Only the key of the day that goes: the kept day's and the newer ones' stay.
      expect(report.idempotencyKeysDeleted).toBe(1);
      expect(await snapshot()).toEqual(before);
    } finally {
      await client.end();
    }
  });

  it("gives way to traffic: a writer that needs a table the pass holds is never a deadlock victim", async () => {
    const { url, client } = await databaseWithHistory();
    // A transaction like the worker's record statement: deliveries, then delivery_attempts.
    const writer = new pg.Client({ connectionString: url });
    await writer.connect();
    try {
      await writer.query("BEGIN");
      await writer.query("LOCK TABLE deliveries IN ROW EXCLUSIVE MODE");
      const pass = runRetentionPass(url, { retentionDays: 30, aheadDays: 7, now });
      pass.catch(() => {});
      await waitForRetentionToWait(client);
      // The pass holds delivery_attempts and waits for deliveries: this closes the cycle.
      await writer.query("LOCK TABLE delivery_attempts IN ROW EXCLUSIVE MODE");
      await writer.query("COMMIT");
      const report = await pass;
      const oldDay = daysAgo(40).toISOString().slice(0, 10).replaceAll("-", "");
      expect(report.dropped.flatMap((day) => day.partitions)).toContain(`events_p${oldDay}`);
    } finally {
      await writer.end();
      await client.end();
    }
  });

  it("leaves a day whose tables traffic holds through every try to the next pass, and finishes", async () => {
    const { url, client, snapshot } = await databaseWithHistory();
    const reader = new pg.Client({ connectionString: url });
    await reader.connect();
    try {
      const before = await snapshot();
      // A long transaction on events: the pass's exclusive lock never comes within its timeout.
      await reader.query("BEGIN");
      await reader.query("LOCK TABLE events IN ACCESS SHARE MODE");
      const report = await runRetentionPass(url, {
        retentionDays: 30,
        aheadDays: 7,
        now,
        lockTimeoutMs: 50,
        lockRetryDelayMs: 10,
      });
      await reader.query("COMMIT");
      const oldDay = daysAgo(40).toISOString().slice(0, 10).replaceAll("-", "");
      expect(report.busy.flatMap((day) => day.partitions)).toContain(`events_p${oldDay}`);
      expect(report.dropped).toEqual([]);
      const left = formatRetentionReport(report).filter((line) => line.includes(`events_p${oldDay}`));
      expect(left).toEqual([expect.stringMatching(/^left .* to the next pass: its tables stayed busy$/)]);
      // Nothing dropped, and the day's idempotency keys stay with it.
      expect((await snapshot()).rows).toEqual(before.rows);
      expect((await snapshot()).keys).toBe(before.keys);
      const next = await runRetentionPass(url, { retentionDays: 30, aheadDays: 7, now });
      expect(next.dropped.flatMap((day) => day.partitions)).toContain(`events_p${oldDay}`);
    } finally {
      await reader.end();
      await client.end();
    }
  });

  it("runs one pass at a time: another holder of the lock makes it skip", async () => {
    const { url, client, snapshot } = await databaseWithHistory();
    try {
      const before = await snapshot();
      await client.query("SELECT pg_advisory_lock($1)", [RETENTION_LOCK]);
      const report = await runRetentionPass(url, { retentionDays: 30, aheadDays: 7, now });
      expect(report.skipped).toBe("another worker is running maintenance");
      expect(await snapshot()).toEqual(before);
    } finally {
      await client.end();
    }
  });

  it("npm run retention -- --dry-run prints what it would drop and drops nothing", async () => {
    const { url, client, snapshot } = await databaseWithHistory();
    try {
      const before = await snapshot();
      const { stdout } = await promisify(execFile)(
        "npx",
        ["tsx", "packages/db/src/cli/retention.ts", "--dry-run"],
        { env: { ...process.env, DATABASE_URL: url, RETENTION_DAYS: "30" } },
      );
      const oldDay = daysAgo(40).toISOString().slice(0, 10).replaceAll("-", "");
      const drop = stdout.split("\n").find((line) => line.includes(`events_p${oldDay}`));
      expect(drop).toMatch(/^would drop .* \(up to .*\): ~\d+ rows, [\d.]+ MB$/);
      for (const table of ["events", "deliveries", "delivery_attempts"])
        expect(drop).toContain(`${table}_p${oldDay}`);
      expect(stdout).toMatch(/would keep .*deliveries_p\d+.*: 1 deliveries still pending/);
      expect(await snapshot()).toEqual(before);
    } finally {
      await client.end();
    }
  }, 60_000);
});
