import { createHash } from "node:crypto";
import { appendFile, cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { MigrationError, migrateDatabase } from "../src/migrate.js";
import { defaultMigrationsDir, readMigrations } from "../src/migration-files.js";
import { prismaApplyMigrations } from "../src/prisma-schema-engine.js";
import { startTestPostgres, type TestPostgres } from "./postgres.js";

const INIT = "20261122160000_init";
const ALL = (await readMigrations(defaultMigrationsDir)).map((migration) => migration.name);
let postgres: TestPostgres;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  postgres = await startTestPostgres();
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

afterAll(async () => {
  await postgres?.stop();
});

async function query<R extends pg.QueryResultRow>(
  url: string,
  sql: string,
  params: unknown[] = [],
): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

// A private copy of prisma/migrations that a test may edit.
async function migrationsCopy(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "herald-migrations-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  await cp(defaultMigrationsDir, dir, { recursive: true });
  return dir;
}

async function addMigration(dir: string, name: string, sql: string): Promise<void> {
  await mkdir(join(dir, name));
  await writeFile(join(dir, name, "migration.sql"), sql);
}

interface HistoryRow {
  id: string;
  checksum: string;
  finished_at: Date | null;
  migration_name: string;
  logs: string | null;
  rolled_back_at: Date | null;
  started_at: Date;
  applied_steps_count: number;
}

const history = (url: string) =>
  query<HistoryRow>(url, "SELECT * FROM _prisma_migrations ORDER BY started_at");

describe("migrateDatabase", () => {
  it("applies every migration once and records it exactly as prisma migrate deploy does", async () => {
    const url = await postgres.createDatabase();
    const lines: string[] = [];
    expect(await migrateDatabase(url, { log: (line) => lines.push(line) })).toEqual({ applied: ALL });
    for (const name of ALL) expect(lines).toContain(`applied ${name}`);

    const rows = await history(url);
    expect(rows.map((row) => row.migration_name)).toEqual(ALL);
    for (const row of rows) {
      const script = await readFile(join(defaultMigrationsDir, row.migration_name, "migration.sql"));
      expect(row).toMatchObject({
        checksum: createHash("sha256").update(script).digest("hex"),
        logs: null,
        rolled_back_at: null,
        applied_steps_count: 1,
      });
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(row.finished_at?.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
    }

    expect(await migrateDatabase(url)).toEqual({ applied: [] });
    expect(await history(url)).toHaveLength(ALL.length);
  });

  it("shares its history with prisma migrate deploy (run by Prisma's own schema engine) both ways", async () => {
    const prismaFirst = await postgres.createDatabase();
    expect(await prismaApplyMigrations(prismaFirst)).toEqual(ALL);
    expect(await migrateDatabase(prismaFirst)).toEqual({ applied: [] });

    const oursFirst = await postgres.createDatabase();
    expect(await migrateDatabase(oursFirst)).toEqual({ applied: ALL });
    expect(await prismaApplyMigrations(oursFirst)).toEqual([]);

    const comparable = ({
      checksum,
      migration_name,
      logs,
      rolled_back_at,
      applied_steps_count,
    }: HistoryRow) => ({
      checksum,
      migration_name,
      logs,
      rolled_back_at,
      applied_steps_count,
    });
    expect((await history(oursFirst)).map(comparable)).toEqual((await history(prismaFirst)).map(comparable));
  });

  it("creates _prisma_migrations with the schema engine's exact DDL", async () => {
    const url = await postgres.createDatabase();
    await migrateDatabase(url);
    const columns = await query(
      url,
      `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS notnull,
              pg_get_expr(d.adbin, d.adrelid) AS def
       FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
       WHERE a.attrelid = '_prisma_migrations'::regclass AND a.attnum > 0 ORDER BY a.attnum`,
    );
    expect(columns).toEqual([
      { name: "id", type: "character varying(36)", notnull: true, def: null },
      { name: "checksum", type: "character varying(64)", notnull: true, def: null },
      { name: "finished_at", type: "timestamp with time zone", notnull: false, def: null },
      { name: "migration_name", type: "character varying(255)", notnull: true, def: null },
      { name: "logs", type: "text", notnull: false, def: null },
      { name: "rolled_back_at", type: "timestamp with time zone", notnull: false, def: null },
      { name: "started_at", type: "timestamp with time zone", notnull: true, def: "now()" },
      { name: "applied_steps_count", type: "integer", notnull: true, def: "0" },
    ]);
    const [pk] = await query<{ def: string }>(
      url,
      `SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = '_prisma_migrations'::regclass AND contype = 'p'`,
    );
    expect(pk?.def).toBe("PRIMARY KEY (id)");
  });

  it("lets concurrent runners apply each migration exactly once", async () => {
    const url = await postgres.createDatabase();
    const results = await Promise.all(Array.from({ length: 4 }, () => migrateDatabase(url)));
    expect(results.flatMap((result) => result.applied).sort()).toEqual(ALL);
    expect(await history(url)).toHaveLength(ALL.length);
  });

  it("waits for Prisma's advisory lock and gives up with a clear error", async () => {
    const url = await postgres.createDatabase();
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    cleanups.push(() => holder.end());
    await holder.query("SELECT pg_advisory_lock(72707369)");

    await expect(migrateDatabase(url, { lockTimeoutMs: 100 })).rejects.toThrow(
      /another migration is running/,
    );
    await holder.query("SELECT pg_advisory_unlock(72707369)");
    expect(await migrateDatabase(url)).toEqual({ applied: ALL });
  });

  it("refuses a migration whose file changed after it was applied, but not a line-ending change", async () => {
    const url = await postgres.createDatabase();
    const dir = await migrationsCopy();
    await migrateDatabase(url, { migrationsDir: dir });
    const file = join(dir, INIT, "migration.sql");
    const original = await readFile(file, "utf8");

    await writeFile(file, original.replaceAll("\n", "\r\n"));
    expect(await migrateDatabase(url, { migrationsDir: dir })).toEqual({ applied: [] });

    await appendFile(file, "\n-- edited\n");
    const failure = await migrateDatabase(url, { migrationsDir: dir }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(MigrationError);
    expect((failure as Error).message).toMatch(new RegExp(`${INIT} was changed after it was applied`));
  });

  it("rolls a failing migration back, records it as failed and refuses to continue until it is resolved", async () => {
    const url = await postgres.createDatabase();
    const dir = await migrationsCopy();
    const broken = "20990101000000_broken";
    await addMigration(dir, broken, `CREATE TABLE "half_done" ("id" INTEGER);\nSELECT 1 / 0;\n`);

    await expect(migrateDatabase(url, { migrationsDir: dir })).rejects.toThrow(
      new RegExp(`${broken} failed and was rolled back: 22012: division by zero`),
    );
    const rows = await history(url);
    expect(
      rows.map((row) => [row.migration_name, row.finished_at === null, row.applied_steps_count]),
    ).toEqual([...ALL.map((name) => [name, false, 1]), [broken, true, 0]]);
    expect(rows.at(-1)?.logs).toMatch(/division by zero/);
    expect(await query(url, `SELECT to_regclass('half_done') AS t`)).toEqual([{ t: null }]);

    // Prisma sees the same failure and refuses too.
    await expect(prismaApplyMigrations(url, dir)).rejects.toThrow(new RegExp(`${broken}.* failed`));

    await writeFile(join(dir, broken, "migration.sql"), `CREATE TABLE "half_done" ("id" INTEGER);\n`);
    await expect(migrateDatabase(url, { migrationsDir: dir })).rejects.toThrow(
      new RegExp(`migration ${broken} started at .* failed: 22012: division by zero`),
    );

    // What `prisma migrate resolve --rolled-back` does.
    await query(url, "UPDATE _prisma_migrations SET rolled_back_at = now() WHERE migration_name = $1", [
      broken,
    ]);
    expect(await migrateDatabase(url, { migrationsDir: dir })).toEqual({ applied: [broken] });
    expect(await migrateDatabase(url, { migrationsDir: dir })).toEqual({ applied: [] });
  });

  it("refuses a non-empty database that has no migration history", async () => {
    const url = await postgres.createDatabase();
    await query(url, `CREATE TABLE "somebody_elses" ("id" INTEGER)`);
    await expect(migrateDatabase(url)).rejects.toThrow(/schema is not empty .* no _prisma_migrations table/);
    expect(await query(url, `SELECT to_regclass('_prisma_migrations') AS t`)).toEqual([{ t: null }]);
  });
});
