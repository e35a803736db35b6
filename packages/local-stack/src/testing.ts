// Per-test-file isolation on the Postgres and Redis that the test suite's global setup started
// (test/global-setup.ts): a fresh database cloned from the migrated template, and a Redis key
// prefix of its own.
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import pg from "pg";
import { adminQuery, quoteIdentifier } from "./postgres.js";

export const TEST_ENV = {
  postgresUrl: "HERALD_TEST_POSTGRES_URL",
  templateDatabase: "HERALD_TEST_TEMPLATE_DATABASE",
  redisUrl: "HERALD_TEST_REDIS_URL",
  bundles: "HERALD_TEST_BUNDLES",
} as const;

// The programs the suite bundles once in its global setup and runs from then on (starting a
// bundle costs a fraction of compiling the TypeScript with tsx at every start).
export const BUNDLED_PROGRAMS = [
  "apps/api/src/main.ts",
  "apps/worker/src/main.ts",
  "apps/api/src/cli/keys.ts",
  "apps/api/src/cli/rotate-encryption-key.ts",
] as const;

// Node arguments that run one of BUNDLED_PROGRAMS (given by its source path) from the suite's bundle.
export function bundledProgram(source: (typeof BUNDLED_PROGRAMS)[number]): string[] {
  const bundle = join(required(TEST_ENV.bundles), source.replace(/\.ts$/, ".js"));
  return ["--enable-source-maps", bundle];
}

// Base64 of 32 bytes; only ever encrypts test secrets.
export const TEST_ENCRYPTION_KEY = Buffer.alloc(32, 7).toString("base64");

function required(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(
      `${name} is not set: run this test through vitest (test/global-setup.ts starts the services)`,
    );
  return value;
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

// A new database with every migration applied, in about the time of a file copy.
export async function freshDatabase(): Promise<TestDatabase> {
  const serverUrl = required(TEST_ENV.postgresUrl);
  const template = required(TEST_ENV.templateDatabase);
  const name = `herald_t_${randomBytes(6).toString("hex")}`;
  await withAdmin(serverUrl, async (client) => {
    // CREATE DATABASE ... TEMPLATE fails while another session copies the same template.
    await client.query("SELECT pg_advisory_lock(7243001)");
    try {
      await client.query(`CREATE DATABASE ${quoteIdentifier(name)} TEMPLATE ${quoteIdentifier(template)}`);
    } finally {
      await client.query("SELECT pg_advisory_unlock(7243001)");
    }
  });
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`),
  };
}

async function withAdmin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface TestRedis {
  url: string;
  // Every key Herald writes for this test starts with it (QUEUE_PREFIX).
  prefix: string;
}

export function redisForTest(): TestRedis {
  return { url: required(TEST_ENV.redisUrl), prefix: `t${randomBytes(4).toString("hex")}` };
}

// Environment for api and worker processes under test: fast retries, loopback receivers allowed.
export function baseEnv(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: "test",
    LOG_LEVEL: "warn",
    SECRET_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
    ALLOW_HTTP_URLS: "true",
    ALLOWED_PRIVATE_NETWORKS: "127.0.0.0/8",
    RETRY_BASE_DELAY_MS: "50",
    RETRY_MAX_DELAY_MS: "500",
    DELIVERY_TIMEOUT_MS: "3000",
    SWEEP_INTERVAL_MS: "500",
    SWEEP_STALE_AFTER_MS: "2000",
    SHUTDOWN_TIMEOUT_MS: "10000",
    // Every test receiver is one destination (127.0.0.1:port), usually of one account: tests of
    // these caps set them low themselves.
    DESTINATION_MAX_IN_FLIGHT: "10000",
    ACCOUNT_MAX_IN_FLIGHT: "10000",
    // For the same reason one endpoint's failures would open the breaker of every other endpoint
    // on the receiver: off, except in the tests that turn it on (circuit-breaker, backlog).
    BREAKER_FAILURES: "0",
    // The web UI the global setup built beside the bundles.
    ...(process.env[TEST_ENV.bundles] ? { UI_DIR: join(process.env[TEST_ENV.bundles] as string, "ui") } : {}),
    ...overrides,
  };
}
