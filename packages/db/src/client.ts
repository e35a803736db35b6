import { createHash } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client.js";

export interface PrismaClientOptions {
  // Connections per process; the api and each worker process size this to their concurrency.
  poolSize?: number;
}

// The one place a PrismaClient is constructed, so every process talks to Postgres the same way
// (driver adapter over node-postgres; Prisma 7 has no built-in engine connection).
export function createPrismaClient(databaseUrl: string, options: PrismaClientOptions = {}): PrismaClient {
  const adapter = new PrismaPg(
    { connectionString: databaseUrl, max: options.poolSize ?? 10 },
    // Named statements are prepared once per connection: Postgres then skips planning the same
    // few hot statements on every call, which cost more than running them (npm run bench).
    { statementNameGenerator: ({ sql }) => statementName(sql) },
  );
  return new PrismaClient({ adapter });
}

const names = new Map<string, string>();

function statementName(sql: string): string {
  let name = names.get(sql);
  if (name === undefined) {
    name = `h_${createHash("sha1").update(sql).digest("hex").slice(0, 20)}`;
    // Prisma's statements come from a fixed set of queries; the bound only guards against misuse.
    if (names.size < 5000) names.set(sql, name);
  }
  return name;
}
