import { createHash } from "node:crypto";
import { inSpan, SpanKind } from "@herald/runtime";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated/prisma/client.js";

export interface PrismaClientOptions {
  // Connections per process; the api and each worker process size this to their concurrency.
  poolSize?: number;
  // How long a hot statement waits for concurrent callers to share it (BATCH_WINDOW_MS).
  batchWindowMs?: number;
}

// A SQL statement with $n placeholders, named so Postgres prepares it once per connection.
export interface Statement {
  name: string;
  text: string;
  values: unknown[];
}

// One connection pool per process, used two ways: Prisma for everything, and `query` for the
// few statements on the delivery hot path, which skip Prisma's per-call work (about a tenth of
// the api's and the worker's CPU in `npm run bench`).
export interface Database {
  prisma: PrismaClient;
  query<Row extends object>(statement: Statement): Promise<Row[]>;
  // While calls keep coming, the ingest, the worker's load and its attempt record batch the
  // calls of this many milliseconds into one statement (0: those of one event-loop turn).
  batchWindowMs: number;
  close(): Promise<void>;
}

// The one place the pool and the PrismaClient are constructed, so every process talks to
// Postgres the same way (driver adapter over node-postgres; Prisma 7 has no engine connection).
export function createDatabase(databaseUrl: string, options: PrismaClientOptions = {}): Database {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: options.poolSize ?? 10,
    // Every statement is prepared with parameters (below), and Postgres prunes partitions when
    // it runs one. Left to choose, it re-planned the worker's load on every call (0.37 ms of
    // planning for 0.1 ms of work, about a sixth of its CPU per delivery in bench/hot-path.ts),
    // as a generic plan's estimate spans every day's partition.
    onConnect: async (client) => {
      await client.query("SET plan_cache_mode = force_generic_plan");
    },
  });
  // An idle connection that dies (Postgres restarting) must not crash the process; the next
  // query gets a fresh connection or reports the outage.
  pool.on("error", () => {});
  // Named statements are prepared once per connection: Postgres then skips planning the same
  // hot statements on every call, which cost more than running them (npm run bench).
  const adapter = new PrismaPg(pool, {
    statementNameGenerator: ({ sql }) => statementName(sql),
    // prisma.$disconnect() ends the pool too, so a CLI exits as soon as it is done.
    disposeExternalPool: true,
  });
  const prisma = new PrismaClient({ adapter });
  // Each statement's span name and attributes, worked out on its first call.
  const spans = new Map<
    string,
    { name: string; options: { kind: SpanKind; attributes: Record<string, string> } }
  >();
  return {
    prisma,
    // A client span per hot statement (the ingest, the worker's load and record): the
    // parameterised text, never the values.
    query: <Row extends object>({ name, text, values }: Statement) => {
      let span = spans.get(name);
      if (!span) {
        // A statement that writes is named by its first write, even inside a WITH.
        const operation =
          (/\b(INSERT|UPDATE|DELETE)\b/i.exec(text) ?? /^\s*(\w+)/.exec(text))?.[1]?.toUpperCase() ?? "QUERY";
        const attributes = {
          "db.system.name": "postgresql",
          "db.operation.name": operation,
          "db.query.text": text,
        };
        span = { name: `${operation} postgresql`, options: { kind: SpanKind.CLIENT, attributes } };
        if (spans.size < 5000) spans.set(name, span);
      }
      return inSpan(
        span.name,
        span.options,
        async () => (await pool.query<Row>({ name, text, values })).rows,
      );
    },
    batchWindowMs: options.batchWindowMs ?? 0,
    close: () => prisma.$disconnect(),
  };
}

export function createPrismaClient(databaseUrl: string, options: PrismaClientOptions = {}): PrismaClient {
  return createDatabase(databaseUrl, options).prisma;
}

const texts = new WeakMap<TemplateStringsArray, { text: string; name: string }>();

// sql`SELECT ... WHERE id = ${id}::uuid` → a named statement with $1, $2, ... placeholders.
export function sql(strings: TemplateStringsArray, ...values: unknown[]): Statement {
  let prepared = texts.get(strings);
  if (!prepared) {
    const text = strings.reduce((joined, part, index) => `${joined}$${index}${part}`);
    prepared = { text, name: statementName(text) };
    texts.set(strings, prepared);
  }
  return { ...prepared, values };
}

const names = new Map<string, string>();

function statementName(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    name = `h_${createHash("sha1").update(text).digest("hex").slice(0, 20)}`;
    // Statements come from a fixed set of queries; the bound only guards against misuse.
    if (names.size < 5000) names.set(text, name);
  }
  return name;
}
