// The partitioning migration upgrades a database holding rows from the schema before it:
// every row survives with ids in the new scheme, rows still reference each other, idempotency
// keys still answer, and everything sits in the legacy partitions that retention drops later.
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateDatabase } from "../src/migrate.js";
import { defaultMigrationsDir, readMigrations } from "../src/migration-files.js";
import { timeOfId } from "../src/time-ids.js";
import { startTestPostgres, type TestPostgres } from "./postgres.js";

const PARTITIONING = "partitioned_retention";
let postgres: TestPostgres;

beforeAll(async () => {
  postgres = await startTestPostgres();
});
afterAll(async () => {
  await postgres?.stop();
});

describe("upgrading to partitioned storage", () => {
  it("moves existing events, deliveries, attempts and idempotency keys into the new tables", async () => {
    const url = await postgres.createDatabase();
    const before = await mkdtemp(join(tmpdir(), "herald-before-"));
    try {
      for (const migration of await readMigrations(defaultMigrationsDir)) {
        if (migration.name.endsWith(PARTITIONING)) break;
        await cp(join(defaultMigrationsDir, migration.name), join(before, migration.name), {
          recursive: true,
        });
      }
      await migrateDatabase(url, { migrationsDir: before });
    } finally {
      await rm(before, { recursive: true, force: true });
    }
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      // The old schema: random (v4) ids, a unique idempotency key on events, attempts referencing deliveries.
      await client.query(`
        INSERT INTO accounts (id, name) VALUES ('11111111-1111-4111-8111-111111111111', 'acme');
        INSERT INTO webhooks (id, account_id, url, events, secret_encrypted, updated_at)
        VALUES ('22222222-2222-4222-8222-222222222222', '11111111-1111-4111-8111-111111111111', 'https://x', '{*}', 's', now());
        INSERT INTO events (id, account_id, type, payload, idempotency_key, request_hash, created_at)
        SELECT gen_random_uuid(), '11111111-1111-4111-8111-111111111111', 't', '{"n":' || g || '}',
               CASE WHEN g % 2 = 0 THEN 'key-' || g END, 'hash-' || g, now() - g * interval '7 hours'
        FROM generate_series(1, 60) g;
        INSERT INTO deliveries (id, event_id, webhook_id, status, attempt_count, created_at, updated_at)
        SELECT gen_random_uuid(), id, '22222222-2222-4222-8222-222222222222',
               CASE WHEN payload LIKE '%5}' THEN 'pending'::delivery_status ELSE 'succeeded' END, 1, created_at, created_at
        FROM events;
        INSERT INTO delivery_attempts (id, delivery_id, attempt_number, attempted_at, outcome, duration_ms)
        SELECT gen_random_uuid(), id, 1, created_at, 'success', 3 FROM deliveries;
      `);
      const joined = `
        SELECT e.payload, e.idempotency_key, e.created_at, d.status::text AS status, a.attempt_number,
               e.id AS event_id, d.id AS delivery_id
        FROM events e JOIN deliveries d ON d.event_id = e.id JOIN delivery_attempts a ON a.delivery_id = d.id
        ORDER BY e.created_at`;
      type Row = {
        payload: string;
        idempotency_key: string | null;
        created_at: Date;
        status: string;
        event_id: string;
        delivery_id: string;
      };
      const old = (await client.query<Row>(joined)).rows;
      expect(old).toHaveLength(60);

      const { applied } = await migrateDatabase(url);
      expect(applied.some((name) => name.endsWith(PARTITIONING))).toBe(true);

      const upgraded = (await client.query<Row>(joined)).rows;
      const strip = (rows: Row[]) => rows.map(({ event_id, delivery_id, ...rest }) => rest);
      expect(strip(upgraded)).toEqual(strip(old));
      for (const row of upgraded) {
        // The new ids carry the event's creation time; a delivery shares its event's time bits.
        expect(timeOfId(row.event_id)).toEqual(row.created_at);
        expect(row.delivery_id.slice(0, 13)).toBe(row.event_id.slice(0, 13));
        expect(row.event_id).toMatch(/^[0-9a-f-]{14}7/);
      }
      const keys = await client.query<{ key: string; event_id: string; request_hash: string }>(
        "SELECT key, event_id, request_hash FROM idempotency_keys ORDER BY key",
      );
      expect(keys.rows).toHaveLength(30);
      const byKey = new Map(upgraded.map((row) => [row.idempotency_key, row.event_id]));
      for (const key of keys.rows) expect(key.event_id).toBe(byKey.get(key.key));

      const where = await client.query<{ partition: string; n: string }>(
        `SELECT tableoid::regclass::text AS partition, count(*) AS n FROM events GROUP BY 1
         UNION ALL SELECT tableoid::regclass::text, count(*) FROM deliveries GROUP BY 1
         UNION ALL SELECT tableoid::regclass::text, count(*) FROM delivery_attempts GROUP BY 1 ORDER BY 1`,
      );
      expect(where.rows).toEqual([
        { partition: "deliveries_legacy", n: "60" },
        { partition: "delivery_attempts_legacy", n: "60" },
        { partition: "events_legacy", n: "60" },
      ]);
      const tables = await client.query<{ relname: string }>(
        "SELECT relname FROM pg_class WHERE relname LIKE '%unpartitioned%' OR relname IN ('event_ids', 'delivery_ids')",
      );
      expect(tables.rows).toEqual([]);
    } finally {
      await client.end();
    }
  });
});
