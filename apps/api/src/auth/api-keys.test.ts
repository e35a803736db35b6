import { randomBytes } from "node:crypto";
import { createPrismaClient, type PrismaClient } from "@herald/db";
import { freshDatabase, type TestDatabase } from "@herald/local-stack/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_KEY_PREFIX, createKey, createKeyStore } from "./api-keys.js";

let database: TestDatabase;
let prisma: PrismaClient;

beforeAll(async () => {
  database = await freshDatabase();
  prisma = createPrismaClient(database.url, { poolSize: 8 });
});
afterAll(async () => {
  await prisma?.$disconnect();
  await database?.drop();
});

const randomKey = () => API_KEY_PREFIX + randomBytes(32).toString("base64url");

describe("API key store", () => {
  it("keeps valid keys cached through a flood of unknown ones", async () => {
    const keys = createKeyStore(prisma, { ttlMs: 300_000 });
    const { id, key } = await createKey(prisma, { account: "flood", name: "good", scopes: ["*"] });
    expect(await keys.find(key)).toMatchObject({ keyId: id });
    for (let sent = 0; sent < 10_001; sent += 50) {
      const answers = await Promise.all(Array.from({ length: 50 }, () => keys.find(randomKey())));
      expect(answers.every((answer) => answer === undefined)).toBe(true);
    }
    // Revoked behind the cache's back: still answered from the cache, so it was never evicted.
    await prisma.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
    expect(keys.cached(key)).toMatchObject({ keyId: id });
    expect(await keys.find(key)).toMatchObject({ keyId: id });
  }, 60_000);

  it("remembers unknown keys (a negative entry), so asking again costs no query", async () => {
    const keys = createKeyStore(prisma, { ttlMs: 300_000 });
    const guess = randomKey();
    expect(keys.cached(guess)).toBeUndefined();
    expect(await keys.find(guess)).toBeUndefined();
    expect(keys.cached(guess)).toBeNull();
  });

  it("caches nothing with a TTL of 0", async () => {
    const keys = createKeyStore(prisma, { ttlMs: 0 });
    const { id, key } = await createKey(prisma, { account: "no-cache", name: "k", scopes: ["*"] });
    expect(await keys.find(key)).toMatchObject({ keyId: id });
    await prisma.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
    expect(keys.cached(key)).toBeUndefined();
    expect(await keys.find(key)).toBeUndefined();
  });
});
