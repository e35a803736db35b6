// Starts the real Postgres and Redis the whole suite shares (or uses DATABASE_URL / REDIS_URL),
// migrates a template database that each test file clones (freshDatabase), and stops both at
// the end. Tests find them through the HERALD_TEST_* variables.
import { migrateDatabase } from "@herald/db";
import { adminQuery, quoteIdentifier, startServices } from "@herald/local-stack";
import { TEST_ENV } from "@herald/local-stack/testing";

const TEMPLATE = "herald_test_template";

export default async function setup(): Promise<() => Promise<void>> {
  const services = await startServices({
    databaseUrl: process.env.DATABASE_URL,
    redisUrl: process.env.REDIS_URL,
    fast: true,
  });
  try {
    await adminQuery(services.postgresUrl, `DROP DATABASE IF EXISTS ${quoteIdentifier(TEMPLATE)}`);
    await adminQuery(services.postgresUrl, `CREATE DATABASE ${quoteIdentifier(TEMPLATE)}`);
    const templateUrl = new URL(services.postgresUrl);
    templateUrl.pathname = `/${TEMPLATE}`;
    await migrateDatabase(templateUrl.toString());
  } catch (error) {
    await services.stop();
    throw error;
  }
  process.env[TEST_ENV.postgresUrl] = services.postgresUrl;
  process.env[TEST_ENV.templateDatabase] = TEMPLATE;
  process.env[TEST_ENV.redisUrl] = services.redisUrl;
  return () => services.stop();
}
