import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client.js";

export interface PrismaClientOptions {
  // Connections per process; the api and each worker process size this to their concurrency.
  poolSize?: number;
}

// The one place a PrismaClient is constructed, so every process talks to Postgres the same way
// (driver adapter over node-postgres; Prisma 7 has no built-in engine connection).
export function createPrismaClient(databaseUrl: string, options: PrismaClientOptions = {}): PrismaClient {
  const adapter = new PrismaPg({ connectionString: databaseUrl, max: options.poolSize ?? 10 });
  return new PrismaClient({ adapter });
}
