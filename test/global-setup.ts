// Starts the real Postgres and Redis the whole suite shares (or uses DATABASE_URL / REDIS_URL),
// migrates a template database that each test file clones (freshDatabase), bundles the programs
// the tests start (bundledProgram), and undoes all of it at the end. Tests find them through the
// HERALD_TEST_* variables.
import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { migrateDatabase } from "@herald/db";
import { adminQuery, quoteIdentifier, repoRoot, startServices } from "@herald/local-stack";
import { BUNDLED_PROGRAMS, TEST_ENV } from "@herald/local-stack/testing";
import { buildUi } from "@herald/ui/build";
import { bundlePrograms } from "../scripts/bundle-app.mjs";

const TEMPLATE = "herald_test_template";

export default async function setup(): Promise<() => Promise<void>> {
  // Inside the repository, so the bundles find node_modules; one folder per run, so parallel
  // runs never read each other's half-written files.
  const bundles = join(repoRoot, "node_modules", ".cache", "herald-test", randomBytes(4).toString("hex"));
  // The web UI too (the api serves it from UI_DIR, see baseEnv): a fresh clone has no dist/.
  const built = Promise.all([
    bundlePrograms({
      entries: BUNDLED_PROGRAMS.map((source) => join(repoRoot, source)),
      outdir: bundles,
      outbase: repoRoot,
    }),
    buildUi({ outdir: join(bundles, "ui") }),
  ]);
  built.catch(() => {}); // awaited below, after the services started
  const removeBundles = () => rm(bundles, { recursive: true, force: true });
  const services = await startServices({
    databaseUrl: process.env.DATABASE_URL,
    redisUrl: process.env.REDIS_URL,
    fast: true,
  }).catch(async (error: unknown) => {
    await built.catch(() => {});
    await removeBundles();
    throw error;
  });
  const teardown = async () => {
    await services.stop();
    await removeBundles();
  };
  try {
    await built;
    await adminQuery(services.postgresUrl, `DROP DATABASE IF EXISTS ${quoteIdentifier(TEMPLATE)}`);
    await adminQuery(services.postgresUrl, `CREATE DATABASE ${quoteIdentifier(TEMPLATE)}`);
    const templateUrl = new URL(services.postgresUrl);
    templateUrl.pathname = `/${TEMPLATE}`;
    await migrateDatabase(templateUrl.toString());
  } catch (error) {
    await teardown();
    throw error;
  }
  process.env[TEST_ENV.postgresUrl] = services.postgresUrl;
  process.env[TEST_ENV.templateDatabase] = TEMPLATE;
  process.env[TEST_ENV.redisUrl] = services.redisUrl;
  process.env[TEST_ENV.bundles] = bundles;
  return teardown;
}
