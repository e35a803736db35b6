// Prisma's own schema engine, compiled to wasm (a dev dependency: used by the migration
// generator and the drift test, never at runtime). It renders the SQL `prisma migrate diff`
// would, with no engine download and no binary.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import * as bindings from "@prisma/schema-engine-wasm/schema_engine_bg";

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
  const adapter = bindMigrationAwareSqlAdapterFactory(
    new PrismaPg({ connectionString: databaseUrl, max: 1 }),
  );
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
  }
}
