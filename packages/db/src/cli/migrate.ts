// `npm run db:migrate`: applies prisma/migrations to DATABASE_URL without Prisma's engines.
import { env, loadConfigOrExit } from "@herald/runtime";
import { z } from "zod";
import { migrateDatabase } from "../migrate.js";

const config = loadConfigOrExit(
  z.object({ DATABASE_URL: env.url(["postgres:", "postgresql:"], "the Postgres database") }),
);

try {
  const { applied } = await migrateDatabase(config.DATABASE_URL, { log: (line) => console.log(line) });
  console.log(applied.length === 0 ? "database is up to date" : `applied ${applied.length} migration(s)`);
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`db:migrate failed: ${message.split("\n")[0]}\n`);
  process.exitCode = 1;
}
