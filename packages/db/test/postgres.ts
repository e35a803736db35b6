// Empty databases on the suite's shared Postgres (test/global-setup.ts), for tests of the
// migration runner itself, which needs databases without any migration applied.
import { randomBytes } from "node:crypto";
import { adminQuery, quoteIdentifier } from "@herald/local-stack";
import { TEST_ENV } from "@herald/local-stack/testing";

export interface TestPostgres {
  createDatabase(): Promise<string>;
  stop(): Promise<void>;
}

export async function startTestPostgres(): Promise<TestPostgres> {
  const serverUrl = process.env[TEST_ENV.postgresUrl];
  if (!serverUrl) throw new Error(`${TEST_ENV.postgresUrl} is not set: run the tests through vitest`);
  const created: string[] = [];
  const urlFor = (name: string) => {
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return url.toString();
  };
  return {
    async createDatabase() {
      const name = `herald_db_${randomBytes(6).toString("hex")}`;
      await adminQuery(serverUrl, `CREATE DATABASE ${quoteIdentifier(name)}`);
      created.push(name);
      return urlFor(name);
    },
    async stop() {
      for (const name of created) {
        await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`);
      }
    },
  };
}
