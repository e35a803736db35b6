// Herald's own stack for the bench: embedded Postgres (fsync on, as in production, with
// pg_stat_statements loaded for counting statements), redis-server with AOF every second (as
// docker-compose runs it), the migrated database, the API and the worker processes.
import { randomBytes } from "node:crypto";
import { createKey } from "@herald/api/auth";
import { createPrismaClient, migrateDatabase, type PrismaClient } from "@herald/db";
import {
  adminQuery,
  type HeraldApp,
  type LocalPostgres,
  type LocalRedis,
  startEmbeddedPostgres,
  startHeraldApp,
  startLocalRedis,
} from "@herald/local-stack";
import pg from "pg";
import { onCleanup } from "./cleanup.js";
import { say } from "./log.js";
import { EVENT_TYPES, FANOUT_TYPE } from "./payload.js";

export interface HeraldLayout {
  workers: number;
  concurrency: number;
}

export interface BenchStack {
  databaseUrl: string;
  redisUrl: string;
  prisma: PrismaClient;
  // Another role than Herald's, so the bench's own queries stay out of pg_stat_statements counts.
  observer: pg.Pool;
  heraldEnv: Record<string, string>;
  layout: HeraldLayout;
  api: HeraldApp | undefined;
  workers: HeraldApp[];
  // nodeArgs (e.g. --cpu-prof): spawned by the bench itself rather than by startHeraldApp.
  startApi(extraEnv?: Record<string, string>, nodeArgs?: string[]): Promise<HeraldApp>;
  stopApi(): Promise<void>;
  startWorkers(extraEnv?: Record<string, string>, nodeArgs?: string[]): Promise<HeraldApp[]>;
  stopWorkers(): Promise<void>;
}

// Settings that differ from production defaults, and why (printed and stored with the results).
export const BENCH_OVERRIDES: Record<string, string> = {
  // The bench drives one key far past 6000 requests a minute.
  RATE_LIMIT_PER_MINUTE: "0",
  LOG_LEVEL: "warn",
  // Failing and hanging endpoints must finish (retry, time out, recover) within a scenario:
  // production's 15 s timeout and 5 s × 6ⁿ backoff would need hours to balance the ledger.
  DELIVERY_TIMEOUT_MS: "5000",
  RETRY_BASE_DELAY_MS: "500",
  RETRY_BACKOFF_FACTOR: "2",
  RETRY_MAX_DELAY_MS: "4000",
  // Scenario 5 measures endpoints that keep failing; with the default (100) they would be
  // disabled within seconds and stop costing anything.
  DISABLE_AFTER_FAILURES: "1000000",
  // The circuit breaker's cool-down compressed like the backoff: scenario 4's hanging destination
  // trips it, and production's 30 s doubling to 10 min would outlast the scenario's drain.
  BREAKER_COOLDOWN_MS: "1000",
  BREAKER_MAX_COOLDOWN_MS: "4000",
  // Each scenario's traffic is one account at one destination (the receiver), and a backlog
  // drain keeps every worker slot busy: production's caps (100 per account, 50 per
  // destination) would measure the caps rather than Herald. Scenario 4's hanging tenant is
  // bounded by ENDPOINT_MAX_IN_FLIGHT (10 per webhook) on a destination of its own.
  DESTINATION_MAX_IN_FLIGHT: "1000",
  ACCOUNT_MAX_IN_FLIGHT: "1000",
};

export async function startBenchStack(layout: HeraldLayout): Promise<BenchStack> {
  say("starting Postgres (fsync on, pg_stat_statements) and redis-server (AOF everysec)…");
  const [postgres, redis] = await Promise.all([
    startEmbeddedPostgres({ preload: ["pg_stat_statements"] }).then((started: LocalPostgres) => {
      onCleanup("postgres", () => started.stop());
      return started;
    }),
    startLocalRedis({ appendOnly: true }).then((started: LocalRedis) => {
      onCleanup("redis", () => started.stop());
      return started;
    }),
  ]);
  await adminQuery(postgres.adminUrl, "CREATE DATABASE herald");
  const databaseUrl = postgres.adminUrl.replace(/\/postgres$/, "/herald");
  await migrateDatabase(databaseUrl);
  await adminQuery(databaseUrl, "CREATE EXTENSION pg_stat_statements");
  // Planning time too: Herald's statements are sent unnamed, so each one is planned per call.
  await adminQuery(databaseUrl, "ALTER SYSTEM SET pg_stat_statements.track_planning = on");
  await adminQuery(databaseUrl, "ALTER SYSTEM SET track_wal_io_timing = on");
  await adminQuery(databaseUrl, "SELECT pg_reload_conf()");
  await adminQuery(databaseUrl, "CREATE ROLE observer LOGIN SUPERUSER");
  const observer = new pg.Pool({ connectionString: databaseUrl.replace("postgres@", "observer@"), max: 3 });
  observer.on("error", () => {});
  onCleanup("observer pool", () => observer.end());
  const prisma = createPrismaClient(databaseUrl, { poolSize: 2 });
  onCleanup("prisma", () => prisma.$disconnect());

  const heraldEnv: Record<string, string> = {
    NODE_ENV: "production",
    DATABASE_URL: databaseUrl,
    REDIS_URL: redis.url,
    QUEUE_PREFIX: "herald",
    SECRET_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    ALLOW_HTTP_URLS: "true",
    ALLOWED_PRIVATE_NETWORKS: "127.0.0.0/8",
    EXTRA_EVENT_TYPES: [...EVENT_TYPES, FANOUT_TYPE].join(","),
    WORKER_CONCURRENCY: String(layout.concurrency),
    ...BENCH_OVERRIDES,
  };

  const stops = new Map<HeraldApp, () => Promise<void>>();
  const start = async (role: "api" | "worker", extraEnv: Record<string, string>, nodeArgs?: string[]) => {
    let shown = 0;
    const env = { ...heraldEnv, ...extraEnv };
    const app = await startHeraldApp(role, env, {
      ...(nodeArgs ? { nodeArgs } : {}),
      // Warnings are worth seeing, but a flood of them must not bury the progress lines.
      onLine: (line) => {
        if (++shown <= 10) say(`${role}: ${line.slice(0, 300)}`);
        else if (shown === 11) say(`${role}: (further output not shown)`);
      },
    });
    stops.set(
      app,
      onCleanup(`${role} ${app.pid}`, () => app.stop(15_000)),
    );
    return app;
  };
  const stopApp = async (app: HeraldApp) => {
    await stops.get(app)?.();
    stops.delete(app);
  };

  const stack: BenchStack = {
    databaseUrl,
    redisUrl: redis.url,
    prisma,
    observer,
    heraldEnv,
    layout,
    api: undefined,
    workers: [],
    async startApi(extraEnv = {}, nodeArgs) {
      stack.api = await start("api", extraEnv, nodeArgs);
      return stack.api;
    },
    async stopApi() {
      if (stack.api) await stopApp(stack.api);
      stack.api = undefined;
    },
    async startWorkers(extraEnv = {}, nodeArgs) {
      stack.workers = await Promise.all(
        Array.from({ length: layout.workers }, () => start("worker", extraEnv, nodeArgs)),
      );
      return stack.workers;
    },
    async stopWorkers() {
      await Promise.all(stack.workers.map(stopApp));
      stack.workers = [];
    },
  };
  return stack;
}

export interface BenchAccount {
  name: string;
  accountId: string;
  key: string;
}

// Each scenario has an account of its own, so its webhooks, events and deliveries (and so its
// ledger) are separate from every other scenario's.
export async function createAccount(stack: BenchStack, name: string): Promise<BenchAccount> {
  const created = await createKey(stack.prisma, { account: name, name: "bench", scopes: ["*"] });
  return { name, accountId: created.account_id, key: created.key };
}

export async function createWebhooks(
  stack: BenchStack,
  account: BenchAccount,
  // Any other webhook fields (a delivery policy) are sent as given.
  specs: ({ url: string; events: string[] } & Record<string, unknown>)[],
): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < specs.length; i += 20) {
    const batch = specs.slice(i, i + 20).map(async (spec) => {
      const response = await fetch(`${stack.api!.url}/v1/webhooks`, {
        method: "POST",
        headers: { authorization: `Bearer ${account.key}`, "content-type": "application/json" },
        body: JSON.stringify(spec),
      });
      const body = (await response.json()) as { data: { id: string } };
      if (response.status !== 201) throw new Error(`webhook create answered ${response.status}`);
      return body.data.id;
    });
    ids.push(...(await Promise.all(batch)));
  }
  return ids;
}
