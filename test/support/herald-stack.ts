// A Herald under test: its own database (cloned from the migrated template) and Redis prefix,
// real api and/or worker processes, and helpers to make keys and call the API.
import { createKey } from "@herald/api/auth";
import { createPrismaClient, type PrismaClient } from "@herald/db";
import { type HeraldApp, type HeraldAppOptions, startHeraldApp } from "@herald/local-stack";
import { type Receiver, startReceiver } from "@herald/local-stack/receiver";
import { baseEnv, bundledProgram, freshDatabase, redisForTest } from "@herald/local-stack/testing";
import pg from "pg";

export interface StackOptions {
  api?: boolean;
  worker?: boolean;
  env?: Record<string, string>;
  // A migrated database to use instead of a fresh clone of the suite's template.
  database?: { url: string; drop(): Promise<void> };
}

export interface ApiAnswer<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: {
    success: boolean;
    data: T;
    error: { code: string; message: string; details?: Record<string, string> };
    meta: Record<string, unknown>;
  };
}

export interface CallOptions {
  key?: string | null;
  headers?: Record<string, string>;
  // Sent as is (no JSON encoding) when a string.
  body?: unknown;
}

export class HeraldStack {
  readonly apps: HeraldApp[] = [];
  private constructor(
    readonly env: Record<string, string>,
    readonly db: pg.Pool,
    readonly prisma: PrismaClient,
    private readonly dropDatabase: () => Promise<void>,
  ) {}

  static async start(options: StackOptions = {}): Promise<HeraldStack> {
    const database = options.database ?? (await freshDatabase());
    const redis = redisForTest();
    const env = baseEnv({
      DATABASE_URL: database.url,
      REDIS_URL: redis.url,
      QUEUE_PREFIX: redis.prefix,
      ...options.env,
    });
    const pool = new pg.Pool({ connectionString: database.url, max: 3 });
    // Outage tests stop Postgres under it; idle connections then fail and are replaced.
    pool.on("error", () => {});
    const stack = new HeraldStack(
      env,
      pool,
      createPrismaClient(database.url, { poolSize: 2 }),
      database.drop,
    );
    try {
      await Promise.all([
        options.api === false ? undefined : stack.startApp("api"),
        options.worker ? stack.startApp("worker") : undefined,
      ]);
    } catch (error) {
      await stack.stop();
      throw error;
    }
    return stack;
  }

  private stopped = false;

  async startApp(
    role: "api" | "worker",
    env: Record<string, string> = {},
    options: HeraldAppOptions = {},
  ): Promise<HeraldApp> {
    // A test body still running after its timeout must not start apps nobody will stop.
    if (this.stopped) throw new Error(`this stack was stopped; not starting another ${role}`);
    const app = await startHeraldApp(
      role,
      { ...this.env, ...env },
      { entry: bundledProgram(`apps/${role}/src/main.ts`), ...options },
    );
    this.apps.push(app);
    return app;
  }

  get api(): HeraldApp {
    // The most recently started one still running: a test may stop an api and start another.
    const api = this.apps.filter((app) => app.role === "api" && app.running()).at(-1);
    if (!api) throw new Error("this stack has no api");
    return api;
  }

  async key(scopes: string[] = ["*"], account = "acme"): Promise<string> {
    return (await createKey(this.prisma, { account, name: `test-${scopes.join("+")}`, scopes })).key;
  }

  async call<T = Record<string, unknown>>(
    method: string,
    path: string,
    options: CallOptions = {},
  ): Promise<ApiAnswer<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.key) headers.authorization ??= `Bearer ${options.key}`;
    let body: string | undefined;
    if (options.body !== undefined) {
      body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
      headers["content-type"] ??= "application/json";
    }
    const response = await fetch(`${this.api.url}${path}`, { method, headers, body });
    const text = await response.text();
    let parsed: ApiAnswer<T>["body"];
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new Error(`${method} ${path} answered ${response.status} with non-JSON: ${text.slice(0, 200)}`);
    }
    return { status: response.status, headers: response.headers, body: parsed };
  }

  async query<R extends pg.QueryResultRow = Record<string, unknown>>(
    sql: string,
    params: unknown[] = [],
  ): Promise<R[]> {
    return (await this.db.query<R>(sql, params)).rows;
  }

  // Row counts and a digest of every webhook row: equal snapshots mean a request changed nothing.
  async snapshot(): Promise<Record<string, string>> {
    const [row] = await this.query<Record<string, string>>(
      `SELECT (SELECT count(*) FROM webhooks)::text AS webhooks, (SELECT count(*) FROM events)::text AS events,
              (SELECT count(*) FROM deliveries)::text AS deliveries, (SELECT count(*) FROM delivery_attempts)::text AS attempts,
              (SELECT count(*) FROM api_keys WHERE revoked_at IS NOT NULL)::text AS revoked_keys,
              (SELECT coalesce(md5(string_agg(w::text, ',' ORDER BY id)), '') FROM webhooks w) AS webhook_rows`,
    );
    return row ?? {};
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.apps.map((app) => app.stop(15_000)));
    await this.prisma.$disconnect();
    await this.db.end();
    await this.dropDatabase();
  }
}

// What most end-to-end test files start in beforeAll: a stack, a receiver and a key with every
// scope; stopWithReceiver in afterAll undoes it.
export async function startWithReceiver(
  options: StackOptions = {},
): Promise<{ stack: HeraldStack; receiver: Receiver; key: string }> {
  const receiver = await startReceiver();
  try {
    const stack = await HeraldStack.start(options);
    return { stack, receiver, key: await stack.key(["*"]) };
  } catch (error) {
    await receiver.stop();
    throw error;
  }
}

export async function stopWithReceiver(stack?: HeraldStack, receiver?: Receiver): Promise<void> {
  await stack?.stop();
  await receiver?.stop();
}

export interface DeliveryState {
  id: string;
  webhook_id: string;
  event_id: string;
  status: "pending" | "succeeded" | "failed";
  attempt_count: number;
  last_status_code: number | null;
  last_error: string | null;
}

// Waits until every delivery of the event is final (or `until` says so) and returns them.
export async function waitForDeliveries(
  stack: HeraldStack,
  eventId: string,
  until: (rows: DeliveryState[]) => boolean = (rows) => rows.every((row) => row.status !== "pending"),
  timeoutMs = 20_000,
): Promise<DeliveryState[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await stack.query<DeliveryState>(
      "SELECT id, webhook_id, event_id, status::text, attempt_count, last_status_code, last_error FROM deliveries WHERE event_id = $1 ORDER BY created_at, id",
      [eventId],
    );
    if (until(rows)) return rows;
    if (Date.now() > deadline)
      throw new Error(`deliveries of event ${eventId} still ${JSON.stringify(rows)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export interface AttemptRow {
  attempt_number: number;
  outcome: string;
  status_code: number | null;
  duration_ms: number;
  response_snippet: string | null;
  error: string | null;
  attempted_at: Date;
}

export function attemptsOf(stack: HeraldStack, deliveryId: string): Promise<AttemptRow[]> {
  return stack.query<AttemptRow>(
    "SELECT attempt_number, outcome::text, status_code, duration_ms, response_snippet, error, attempted_at FROM delivery_attempts WHERE delivery_id = $1 ORDER BY attempt_number",
    [deliveryId],
  );
}
