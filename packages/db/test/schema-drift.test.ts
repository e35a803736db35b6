import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateDatabase } from "../src/migrate.js";
import { defaultMigrationsDir } from "../src/migration-files.js";
import { prismaDiffScript } from "../src/prisma-schema-engine.js";
import { startTestPostgres, type TestPostgres } from "./postgres.js";
import {
  actualShape,
  expectedShape,
  type SchemaShape,
  schemaPath,
  shapeDifferences,
} from "./schema-shape.js";

let postgres: TestPostgres;
let expected: SchemaShape;

beforeAll(async () => {
  postgres = await startTestPostgres();
  expected = await expectedShape();
});

afterAll(async () => {
  await postgres?.stop();
});

describe("migrations vs schema.prisma", () => {
  it("the migrated database has exactly the tables, columns, enums, keys and indexes of schema.prisma", async () => {
    const url = await postgres.createDatabase();
    await migrateDatabase(url);
    const actual = await actualShape(url);

    expect(shapeDifferences(expected, actual)).toEqual([]);
    // Guard against both sides being empty or the parser silently reading nothing.
    expect(Object.keys(actual.tables).sort()).toEqual(
      ["accounts", "api_keys", "deliveries", "delivery_attempts", "events", "webhooks"].sort(),
    );
    expect(actual.indexes.webhooks_events_idx?.method).toBe("gin");
    expect(actual.indexes.events_account_id_idempotency_key_key?.unique).toBe(true);
  });

  it("builds the same database as Prisma's own schema engine does from schema.prisma", async () => {
    const ours = await postgres.createDatabase();
    await migrateDatabase(ours);
    const prismas = await postgres.createDatabase();
    const script = await prismaDiffScript(null, await readFile(schemaPath, "utf8"), prismas);
    expect(script).toContain("-- CreateTable");
    const client = new pg.Client({ connectionString: prismas });
    await client.connect();
    try {
      await client.query(script);
    } finally {
      await client.end();
    }
    expect(shapeDifferences(await actualShape(prismas), await actualShape(ours))).toEqual([]);
  });

  it("notices a column missing from the migrations", async () => {
    const differences = await differencesAfterEditingInit((sql) =>
      sql.replace(/^\s*"description" TEXT,\n/m, ""),
    );
    expect(differences).toEqual([
      expect.stringMatching(/^column webhooks\.description: schema\.prisma says .*database has undefined$/),
    ]);
  });

  it("notices a changed type, nullability, default, index and enum value", async () => {
    const differences = await differencesAfterEditingInit((sql) =>
      sql
        .replace(`"attempt_count" INTEGER NOT NULL DEFAULT 0`, `"attempt_count" BIGINT NOT NULL DEFAULT 0`)
        .replace(
          `"last_error" TEXT,\n    "disabled_reason"`,
          `"last_error" TEXT NOT NULL,\n    "disabled_reason"`,
        )
        .replace(`"is_test" BOOLEAN NOT NULL DEFAULT false`, `"is_test" BOOLEAN NOT NULL`)
        .replace(`USING GIN ("events")`, `("events")`)
        .replace(`'network_error', 'blocked'`, `'network_error'`),
    );
    const subjects = differences.map((line) => line.split(":")[0]).sort();
    expect(subjects).toEqual(
      [
        "column deliveries.attempt_count",
        "column deliveries.is_test",
        "column webhooks.last_error",
        "enum attempt_outcome",
        "index webhooks_events_idx",
      ].sort(),
    );
  });
});

async function differencesAfterEditingInit(edit: (sql: string) => string): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), "herald-migrations-"));
  try {
    await cp(defaultMigrationsDir, dir, { recursive: true });
    const init = join(dir, "20261122160000_init", "migration.sql");
    const original = await readFile(init, "utf8");
    const edited = edit(original);
    expect(edited).not.toBe(original);
    await writeFile(init, edited);
    const url = await postgres.createDatabase();
    await migrateDatabase(url, { migrationsDir: dir });
    return shapeDifferences(expected, await actualShape(url));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
