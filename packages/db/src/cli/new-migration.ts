// Writes the next migration: the SQL Prisma's schema engine renders for the change from the
// committed schema.prisma (git HEAD, or --from <rev>) to the working copy, into
// prisma/migrations/<UTC yyyymmddHHMMSS>_<name>/migration.sql. No engine download needed.
//   npx tsx packages/db/src/cli/new-migration.ts add_secret_version [--from <rev>]
// DATABASE_URL must reach some Postgres: the engine connects on start, though it reads nothing.
import { execFileSync } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { parseArgs } from "node:util";
import { env, loadConfigOrExit } from "@herald/runtime";
import { z } from "zod";
import { defaultMigrationsDir } from "../migration-files.js";
import { EMPTY_MIGRATION, prismaDiffScript } from "../prisma-schema-engine.js";

const config = loadConfigOrExit(
  z.object({ DATABASE_URL: env.url(["postgres:", "postgresql:"], "any Postgres") }),
);
const { positionals, values } = parseArgs({ allowPositionals: true, options: { from: { type: "string" } } });
const name = positionals[0];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  process.stderr.write("usage: new-migration.ts <snake_case_name> [--from <git rev>]\n");
  process.exit(2);
}

const schemaPath = join(dirname(defaultMigrationsDir), "schema.prisma");
const repoRoot = execFileSync("git", ["rev-parse", "--show-toplevel"], { encoding: "utf8" }).trim();
const gitPath = relative(repoRoot, schemaPath);
const before = execFileSync("git", ["show", `${values.from ?? "HEAD"}:${gitPath}`], {
  encoding: "utf8",
  cwd: repoRoot,
});
const after = await readFile(schemaPath, "utf8");

const script = await prismaDiffScript(before, after, config.DATABASE_URL);
if (script.trim() === EMPTY_MIGRATION) {
  console.log(`schema.prisma has no changes since ${values.from ?? "HEAD"}; nothing written`);
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
const file = join(defaultMigrationsDir, `${stamp}_${name}`, "migration.sql");
await mkdir(dirname(file), { recursive: true });
await writeFile(file, script);
console.log(`wrote ${relative(repoRoot, file)}:\n\n${script}`);
process.exit(0);
