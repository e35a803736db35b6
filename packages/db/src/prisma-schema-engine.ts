// Prisma's own schema engine, compiled to wasm (a dev dependency: used by the migration
// generator and the drift test, never at runtime). It renders the SQL `prisma migrate diff`
// would, with no engine download and no binary.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import * as bindings from "@prisma/schema-engine-wasm/schema_engine_bg";
import pg from "pg";
import { defaultMigrationsDir, readMigrations } from "./migration-files.js";

// The repo's TypeScript lib has no WebAssembly globals; this is the little used here.
declare const WebAssembly: {
  instantiate(
    bytes: Uint8Array,
    imports: object,
  ): Promise<{ instance: { exports: Record<string, unknown> } }>;
};

let initialised: Promise<void> | undefined;

// The package targets bundlers (it imports its .wasm as a module); wire it up by hand.
function initialiseWasm(): Promise<void> {
  initialised ??= (async () => {
    const bindingsPath = createRequire(import.meta.url).resolve(
      "@prisma/schema-engine-wasm/schema_engine_bg",
    );
    const bytes = await readFile(join(dirname(bindingsPath), "schema_engine_bg.wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": bindings });
    const exports = instance.exports as { __wbindgen_start(): void };
    bindings.__wbg_set_wasm(exports);
    exports.__wbindgen_start();
  })();
  return initialised;
}

export const EMPTY_MIGRATION = "-- This is an empty migration.";

// SQL that takes a database from `from` (schema text, or null for an empty database) to `to`.
// The engine connects to `databaseUrl` when it starts but a schema-to-schema diff reads nothing.
export async function prismaDiffScript(
  from: string | null,
  to: string,
  databaseUrl: string,
): Promise<string> {
  await initialiseWasm();
  // Our own pool, ended afterwards: the engine never releases Prisma's advisory lock itself
  // (the CLI just exits), and an idle pooled session would hold it.
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPg(pool));
  const engine = await bindings.SchemaEngine.new({ datamodels: [["schema.prisma", to]] }, () => {}, adapter);
  const target = (content: string) => ({
    tag: "schemaDatamodel" as const,
    files: [{ path: "schema.prisma", content }],
  });
  try {
    const result = await engine.diff({
      from: from === null ? { tag: "empty" } : target(from),
      to: target(to),
      script: true,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    });
    return result.stdout ?? "";
  } finally {
    engine.free();
    await pool.end();
  }
}

// What `prisma migrate deploy` does, run by the engine itself.
export async function prismaApplyMigrations(
  databaseUrl: string,
  migrationsDir = defaultMigrationsDir,
): Promise<string[]> {
  await initialiseWasm();
  // Our own pool, ended afterwards: the engine never releases Prisma's advisory lock itself
  // (the CLI just exits), and an idle pooled session would hold it.
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPg(pool));
  const engine = await bindings.SchemaEngine.new({ datamodels: undefined }, () => {}, adapter);
  try {
    const migrations = await readMigrations(migrationsDir);
    // Shaped exactly as the prisma CLI lists them: paths relative to the migrations directory.
    const result = await engine.applyMigrations({
      migrationsList: {
        baseDir: migrationsDir,
        lockfile: {
          path: "migration_lock.toml",
          content: await readFile(join(migrationsDir, "migration_lock.toml"), "utf8").catch(() => null),
        },
        shadowDbInitScript: "",
        migrationDirectories: migrations.map((migration) => ({
          path: migration.name,
          migrationFile: { path: "migration.sql", content: { tag: "ok", value: migration.script } },
        })),
      },
      filters: { externalTables: [], externalEnums: [] },
    });
    return result.appliedMigrationNames;
  } finally {
    engine.free();
    await pool.end();
  }
}
