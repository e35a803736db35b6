import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
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
      [
        "accounts",
        "api_keys",
        "deliveries",
        "delivery_attempts",
        "events",
        "idempotency_keys",
        "portal_sessions",
        "webhooks",
      ].sort(),
    );
    expect(actual.indexes.webhooks_events_idx?.method).toBe("gin");
    expect(actual.indexes.idempotency_keys_pkey?.unique).toBe(true);
    expect(actual.partitions).toEqual({
      events: "RANGE (id)",
      deliveries: "RANGE (id)",
      delivery_attempts: "RANGE (delivery_id)",
    });
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
    // Prisma cannot express partitioning: its tables are plain ones with the same columns,
    // keys and indexes, and ours are partitioned as schema.prisma's doc comments say.
    const prismaShape = await actualShape(prismas);
    const ourShape = await actualShape(ours);
    expect(prismaShape.partitions).toEqual({});
    expect(ourShape.partitions).toEqual(expected.partitions);
    expect(shapeDifferences(prismaShape, { ...ourShape, partitions: {} })).toEqual([]);
  });

  it("notices a column missing from the migrations", async () => {
    const differences = await differencesAfterEditingMigrations((sql) =>
      sql.replace(/^\s*"description" TEXT,\n/m, ""),
    );
    expect(differences).toEqual([
      expect.stringMatching(/^column webhooks\.description: schema\.prisma says .*database has undefined$/),
    ]);
  });

  it("notices a table that is not partitioned the way schema.prisma says", async () => {
    const differences = await differencesAfterEditingMigrations((sql) =>
      sql.replace(`PARTITION BY RANGE ("delivery_id")`, `PARTITION BY RANGE ("id")`),
    );
    expect(differences).toEqual([
      expect.stringMatching(
        /^partitioning of delivery_attempts: schema\.prisma says "RANGE \(delivery_id\)", database has "RANGE \(id\)"$/,
      ),
    ]);
  });

  it("notices a changed type, nullability, default, index and enum value", async () => {
    const differences = await differencesAfterEditingMigrations((sql) =>
      sql
        .replaceAll(`"attempt_count" INTEGER NOT NULL DEFAULT 0`, `"attempt_count" BIGINT NOT NULL DEFAULT 0`)
        .replace(
          `"last_error" TEXT,\n    "disabled_reason"`,
          `"last_error" TEXT NOT NULL,\n    "disabled_reason"`,
        )
        .replaceAll(`"is_test" BOOLEAN NOT NULL DEFAULT false`, `"is_test" BOOLEAN NOT NULL`)
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

// Applies `edit` to every migration's SQL (a column may be created by more than one).
async function differencesAfterEditingMigrations(edit: (sql: string) => string): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), "herald-migrations-"));
  try {
    await cp(defaultMigrationsDir, dir, { recursive: true });
    let changed = 0;
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const file = join(dir, entry.name, "migration.sql");
      const original = await readFile(file, "utf8");
      const edited = edit(original);
      if (edited !== original) changed++;
      await writeFile(file, edited);
    }
    expect(changed).toBeGreaterThan(0);
    const url = await postgres.createDatabase();
    await migrateDatabase(url, { migrationsDir: dir });
    return shapeDifferences(expected, await actualShape(url));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
