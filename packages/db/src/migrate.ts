import { randomUUID } from "node:crypto";
import pg from "pg";
import {
  defaultMigrationsDir,
  type MigrationFile,
  readMigrations,
  scriptMatchesChecksum,
} from "./migration-files.js";

// The advisory lock key Prisma Migrate takes, so this runner and `prisma migrate deploy`
// exclude each other as well as themselves.
const PRISMA_MIGRATE_LOCK = 72707369;

// Exactly the schema engine's DDL (sql-schema-connector, postgres flavour), so the engine
// finds a table it recognises when it runs against a database this runner migrated.
const HISTORY_TABLE_DDL = `CREATE TABLE _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
);
`;

export class MigrationError extends Error {
  override name = "MigrationError";
}

export interface MigrateOptions {
  log?: (line: string) => void;
  migrationsDir?: string;
  // How long to wait for another runner (or `prisma migrate deploy`) to finish.
  lockTimeoutMs?: number;
}

export interface MigrateResult {
  applied: string[];
}

interface HistoryRow {
  id: string;
  checksum: string;
  finished_at: Date | null;
  migration_name: string;
  logs: string | null;
  rolled_back_at: Date | null;
  started_at: Date;
}

export async function migrateDatabase(
  databaseUrl: string,
  options: MigrateOptions = {},
): Promise<MigrateResult> {
  const log = options.log ?? (() => {});
  const migrations = await readMigrations(options.migrationsDir ?? defaultMigrationsDir);
  const client = new pg.Client({ connectionString: databaseUrl, application_name: "herald-migrate" });
  // A dropped connection also rejects the pending query, which is where it is reported.
  client.on("error", () => {});
  await client.connect();
  try {
    await acquireLock(client, options.lockTimeoutMs ?? 60_000);
    try {
      await ensureHistoryTable(client, log);
      const pending = await pendingMigrations(client, migrations, log);
      const applied: string[] = [];
      for (const migration of pending) {
        await applyMigration(client, migration);
        log(`applied ${migration.name}`);
        applied.push(migration.name);
      }
      return { applied };
    } finally {
      // Ending the session releases the lock too, so a failed unlock must not hide the real error.
      await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_MIGRATE_LOCK]).catch(() => {});
    }
  } finally {
    await client.end().catch(() => {});
  }
}

async function acquireLock(client: pg.Client, timeoutMs: number): Promise<void> {
  await client.query(`SET lock_timeout = ${Math.max(0, Math.trunc(timeoutMs))}`);
  try {
    await client.query("SELECT pg_advisory_lock($1)", [PRISMA_MIGRATE_LOCK]);
  } catch (error) {
    if (isPgError(error) && error.code === "55P03") {
      throw new MigrationError(
        `another migration is running (advisory lock ${PRISMA_MIGRATE_LOCK} held > ${timeoutMs} ms)`,
      );
    }
    throw error;
  }
  await client.query("SET lock_timeout = 0");
}

// Like the schema engine: create the history table in an empty schema, refuse a schema that
// already has tables but no history (it was not created by these migrations).
async function ensureHistoryTable(client: pg.Client, log: (line: string) => void): Promise<void> {
  const { rows } = await client.query<{ relname: string }>(
    `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind = 'r' AND n.nspname = current_schema()`,
  );
  const tables = rows.map((row) => row.relname);
  if (tables.includes("_prisma_migrations")) return;
  if (tables.length > 0) {
    throw new MigrationError(
      `the database schema is not empty (${tables.length} tables) and has no _prisma_migrations table; baseline it first (see docs/database.md)`,
    );
  }
  await client.query(HISTORY_TABLE_DDL);
  log("created _prisma_migrations");
}

async function pendingMigrations(
  client: pg.Client,
  migrations: MigrationFile[],
  log: (line: string) => void,
): Promise<MigrationFile[]> {
  const { rows } = await client.query<HistoryRow>(
    `SELECT id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at
     FROM _prisma_migrations ORDER BY started_at`,
  );
  const failed = rows.find((row) => row.finished_at === null && row.rolled_back_at === null);
  if (failed) {
    const logs = failed.logs?.trim() ? `: ${failed.logs.trim().split("\n")[0]}` : "";
    throw new MigrationError(
      `migration ${failed.migration_name} started at ${failed.started_at.toISOString()} failed${logs}; ` +
        `fix it, then mark it rolled back (prisma migrate resolve --rolled-back ${failed.migration_name}) or applied`,
    );
  }
  const applied = new Map(
    rows.filter((row) => row.rolled_back_at === null).map((row) => [row.migration_name, row]),
  );
  for (const migration of migrations) {
    const row = applied.get(migration.name);
    if (row && !scriptMatchesChecksum(migration.script, row.checksum)) {
      throw new MigrationError(
        `migration ${migration.name} was changed after it was applied (checksum differs); add a new migration instead`,
      );
    }
  }
  const known = new Set(migrations.map((migration) => migration.name));
  for (const name of applied.keys()) {
    if (!known.has(name))
      log(`warning: ${name} is applied in the database but missing from the migrations directory`);
  }
  return migrations.filter((migration) => !applied.has(migration.name));
}

// Same bookkeeping as `prisma migrate deploy` (row inserted when started, applied_steps_count
// and finished_at set on success, logs on failure), with the script and its success record in
// one transaction: a failed migration leaves no half-applied schema behind.
async function applyMigration(client: pg.Client, migration: MigrationFile): Promise<void> {
  const id = randomUUID();
  await client.query(
    "INSERT INTO _prisma_migrations (id, checksum, started_at, migration_name) VALUES ($1, $2, now(), $3)",
    [id, migration.checksum, migration.name],
  );
  try {
    await client.query("BEGIN");
    await client.query(migration.script);
    await client.query(
      `UPDATE _prisma_migrations
       SET applied_steps_count = applied_steps_count + 1, finished_at = clock_timestamp()
       WHERE id = $1`,
      [id],
    );
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    const reason = describeError(error);
    await client.query("UPDATE _prisma_migrations SET logs = $2 WHERE id = $1", [id, reason]);
    throw new MigrationError(`migration ${migration.name} failed and was rolled back: ${reason}`);
  }
}

function isPgError(error: unknown): error is Error & { code: string } {
  return error instanceof Error && typeof (error as { code?: unknown }).code === "string";
}

function describeError(error: unknown): string {
  if (isPgError(error)) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
