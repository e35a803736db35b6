import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createDatabase,
  createPrismaClient,
  DeliveryStatus,
  Prisma,
  type PrismaClient,
  sql,
  uuidv7,
  uuidv7Like,
  WebhookStatus,
} from "../src/index.js";
import { migrateDatabase } from "../src/migrate.js";
import { startTestPostgres, type TestPostgres } from "./postgres.js";

let postgres: TestPostgres;
let db: PrismaClient;
let url: string;

beforeAll(async () => {
  postgres = await startTestPostgres();
  url = await postgres.createDatabase();
  await migrateDatabase(url);
  db = createPrismaClient(url, { poolSize: 2 });
});

afterAll(async () => {
  await db?.$disconnect();
  await postgres?.stop();
});

describe("createPrismaClient", () => {
  it("reads and writes the migrated schema, including defaults, arrays, text payloads and enums", async () => {
    const account = await db.account.create({ data: { name: "acme" } });
    const webhook = await db.webhook.create({
      data: {
        accountId: account.id,
        url: "https://example.com/hook",
        events: ["product.scored"],
        secretEncrypted: "v1.x",
      },
    });
    expect(webhook).toMatchObject({ status: WebhookStatus.active, failureCount: 0, deletedAt: null });
    expect(webhook.updatedAt).toBeInstanceOf(Date);

    const createdAt = new Date();
    const event = await db.event.create({
      data: {
        id: uuidv7(createdAt),
        createdAt,
        accountId: account.id,
        type: "product.scored",
        payload: '{"score":0.9}',
        requestHash: "h1",
      },
    });
    const delivery = await db.delivery.create({
      data: { id: uuidv7Like(event.id), eventId: event.id, webhookId: webhook.id },
    });
    expect(delivery).toMatchObject({ status: DeliveryStatus.pending, attemptCount: 0, isTest: false });

    const subscribed = await db.webhook.findMany({
      where: {
        accountId: account.id,
        status: WebhookStatus.active,
        events: { hasSome: ["product.scored", "*"] },
      },
      include: { deliveries: true },
    });
    expect(subscribed.map((w) => w.deliveries[0]?.eventId)).toEqual([event.id]);
  });

  it("enforces one idempotency key per account with a unique-violation code the API can branch on", async () => {
    const account = await db.account.create({ data: { name: "idempotent" } });
    const data = {
      accountId: account.id,
      key: "k1",
      eventId: uuidv7(new Date()),
      requestHash: "h",
      createdAt: new Date(),
    };
    await db.idempotencyKey.create({ data });
    const failure = await db.idempotencyKey
      .create({ data: { ...data, eventId: uuidv7(new Date()) } })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
    expect((failure as Prisma.PrismaClientKnownRequestError).code).toBe("P2002");
    // The same key in another account does not collide.
    const other = await db.account.create({ data: { name: "other" } });
    await db.idempotencyKey.create({ data: { ...data, accountId: other.id } });
  });
});

describe("createDatabase", () => {
  it("plans each prepared statement once per connection, on Prisma's calls and the hot path's alike", async () => {
    const database = createDatabase(url, { poolSize: 2 });
    try {
      // Both connections of the pool, busy at once, so each is asked.
      const modes = await Promise.all([
        database.query<{ mode: string; pid: number }>(
          sql`SELECT current_setting('plan_cache_mode') AS mode, pg_backend_pid() AS pid, pg_sleep(0.05)::text AS slept`,
        ),
        database.prisma.$queryRaw<{ mode: string; pid: number }[]>`
          SELECT current_setting('plan_cache_mode') AS mode, pg_backend_pid() AS pid, pg_sleep(0.05)::text AS slept`,
      ]);
      expect(new Set(modes.map(([row]) => row?.pid)).size).toBe(2);
      expect(modes.map(([row]) => row?.mode)).toEqual(["force_generic_plan", "force_generic_plan"]);
    } finally {
      await database.close();
    }
  });
});
