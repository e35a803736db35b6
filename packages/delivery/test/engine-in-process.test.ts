// The delivery engine in this process, with no app processes: attemptDelivery and the job
// processor against a real database (a fresh clone of the migrated template), a real Redis
// under a prefix of this file's own, and the local receiver.
import { randomBytes } from "node:crypto";
import {
  createDatabase,
  createDayPartitions,
  createSecretBox,
  type Database,
  uuidv7,
  uuidv7Like,
} from "@herald/db";
import { type Receiver, startReceiver } from "@herald/local-stack/receiver";
import {
  freshDatabase,
  redisForTest,
  TEST_ENCRYPTION_KEY,
  type TestDatabase,
} from "@herald/local-stack/testing";
import {
  createDeliveryQueue,
  DELIVERY_QUEUE,
  type DeliveryAttemptData,
  type DeliveryQueue,
} from "@herald/queue";
import { Worker } from "bullmq";
import { Redis } from "ioredis";
import pg from "pg";
import { Webhook as StandardWebhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attemptDelivery, type DeliveryContext } from "../src/attempt-delivery.js";
import { createDeliveryContext } from "../src/delivery-context.js";
import { createEndpointSlots } from "../src/endpoint-slots.js";
import { enqueueDeliveries } from "../src/enqueue-deliveries.js";
import { createDeliveryProcessor, deliveryBackoff } from "../src/process-delivery-job.js";
import { slotSettingsOf } from "../src/slot-settings.js";
import { wakeWaiter } from "../src/wake-waiters.js";

let database: TestDatabase;
let db: Database;
let pool: pg.Pool;
let receiver: Receiver;
let ctx: DeliveryContext;
let accountId: string;
const box = createSecretBox(TEST_ENCRYPTION_KEY);

beforeAll(async () => {
  database = await freshDatabase();
  db = createDatabase(database.url, { poolSize: 4 });
  pool = new pg.Pool({ connectionString: database.url, max: 2 });
  const client = await pool.connect();
  try {
    await createDayPartitions(client, new Date(), new Date());
  } finally {
    client.release();
  }
  receiver = await startReceiver();
  ctx = createDeliveryContext(
    { db, secretBox: box, userAgent: "herald-test" },
    {
      timeoutMs: 3_000,
      responseBodyLimitBytes: 1_024,
      allowedPrivateNetworks: ["127.0.0.0/8"],
      retry: { maxAttempts: 3, baseDelayMs: 20, maxDelayMs: 50, factor: 2 },
      disableAfterFailures: 1_000,
    },
  );
  const { rows } = await pool.query<{ id: string }>(
    "INSERT INTO accounts (id, name) VALUES (gen_random_uuid(), 'engine') RETURNING id",
  );
  accountId = rows[0]!.id;
});
afterAll(async () => {
  await ctx?.http.close?.();
  await db?.close();
  await pool?.end();
  await receiver?.stop();
  await database?.drop();
});

// A webhook to one receiver endpoint and one pending delivery of a fresh event to it.
async function pendingDelivery(name: string, behaviour: Parameters<Receiver["endpoint"]>[1], test = false) {
  const secret = `whsec_${randomBytes(24).toString("base64")}`;
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO webhooks (id, account_id, url, events, secret_encrypted, updated_at)
     VALUES (gen_random_uuid(), $1, $2, '{*}', $3, now()) RETURNING id`,
    [accountId, receiver.endpoint(name, behaviour), box.encrypt(secret)],
  );
  return { ...(await deliveryTo(rows[0]!.id, test)), secret };
}

// One pending delivery of a fresh event to a webhook.
async function deliveryTo(webhookId: string, test = false) {
  const at = new Date();
  const eventId = uuidv7(at);
  const deliveryId = uuidv7Like(eventId);
  await pool.query(
    `INSERT INTO events (id, account_id, type, payload, request_hash, created_at)
     VALUES ($1, $2, 'product.scored', '{"n": 1}', 'h', $3)`,
    [eventId, accountId, at],
  );
  await pool.query(
    `INSERT INTO deliveries (id, event_id, webhook_id, is_test, next_attempt_at, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $5, $5)`,
    [deliveryId, eventId, webhookId, test, at],
  );
  return { deliveryId, webhookId, eventId };
}

async function stateOf(deliveryId: string) {
  const { rows } = await pool.query<{ status: string; attempt_count: number; attempts: number }>(
    `SELECT status, attempt_count,
            (SELECT count(*)::int FROM delivery_attempts a WHERE a.delivery_id = d.id) AS attempts
     FROM deliveries d WHERE id = $1`,
    [deliveryId],
  );
  return rows[0]!;
}

describe("attemptDelivery in-process", () => {
  it("sends the event signed, records the attempt and reports success", async () => {
    const { deliveryId, eventId, secret } = await pendingDelivery("ok", { status: 200 });
    const report = await attemptDelivery(ctx, deliveryId, { maxAttempts: 3 });
    expect(report).toMatchObject({
      kind: "attempted",
      status: "succeeded",
      attemptNumber: 1,
      retryInMs: null,
    });
    const [request] = receiver.requests("ok");
    expect(JSON.parse(request!.body)).toMatchObject({ id: eventId, type: "product.scored", data: { n: 1 } });
    expect(request!.body.endsWith(`"data":{"n": 1}}`)).toBe(true);
    expect(() => new StandardWebhook(secret).verify(request!.body, request!.headers)).not.toThrow();
    expect(await stateOf(deliveryId)).toEqual({ status: "succeeded", attempt_count: 1, attempts: 1 });
    // A second run finds it final and sends nothing.
    expect(await attemptDelivery(ctx, deliveryId, { maxAttempts: 3 })).toMatchObject({ kind: "skipped" });
    expect(receiver.requests("ok")).toHaveLength(1);
  });

  it("keeps a failed delivery pending with a delay until its last attempt, then fails it", async () => {
    const { deliveryId } = await pendingDelivery("flaky", { status: 500 });
    const first = await attemptDelivery(ctx, deliveryId, { maxAttempts: 2 });
    expect(first).toMatchObject({ kind: "attempted", status: "pending", attemptNumber: 1 });
    expect(first.kind === "attempted" && first.retryInMs).toBeGreaterThanOrEqual(20);
    expect(await stateOf(deliveryId)).toEqual({ status: "pending", attempt_count: 1, attempts: 1 });
    const last = await attemptDelivery(ctx, deliveryId, { maxAttempts: 2 });
    expect(last).toMatchObject({ kind: "attempted", status: "failed", attemptNumber: 2, retryInMs: null });
    expect(await stateOf(deliveryId)).toEqual({ status: "failed", attempt_count: 2, attempts: 2 });
  });

  it("fails at once on a 410 and after one attempt for a test delivery", async () => {
    const gone = await pendingDelivery("gone", { status: 410 });
    expect(await attemptDelivery(ctx, gone.deliveryId, { maxAttempts: 3 })).toMatchObject({
      status: "failed",
    });
    const test = await pendingDelivery("test-send", { status: 500 }, true);
    expect(await attemptDelivery(ctx, test.deliveryId, { maxAttempts: 3 })).toMatchObject({
      status: "failed",
    });
    expect(await stateOf(test.deliveryId)).toEqual({ status: "failed", attempt_count: 1, attempts: 1 });
  });

  it("leaves the delivery untouched when admission refuses it", async () => {
    const { deliveryId } = await pendingDelivery("refused", { status: 200 });
    const report = await attemptDelivery(ctx, deliveryId, { maxAttempts: 3, admit: async () => false });
    expect(report).toEqual({ kind: "deferred" });
    expect(receiver.requests("refused")).toHaveLength(0);
    expect(await stateOf(deliveryId)).toEqual({ status: "pending", attempt_count: 0, attempts: 0 });
  });
});

// A BullMQ worker in this process running the job processor, on a queue of its own (a fresh
// Redis prefix), so no other worker takes its jobs.
function startProcessor(deferMs: number, hooks?: Parameters<typeof createDeliveryProcessor>[1]["hooks"]) {
  const { url, prefix } = redisForTest();
  const redis = new Redis(url, { maxRetriesPerRequest: null });
  const queue = createDeliveryQueue(redis, prefix);
  const slots = createEndpointSlots(redis, {
    ...slotSettingsOf({
      prefix,
      limits: { webhook: 5, destination: 100, account: 100 },
      deliveryTimeoutMs: 3_000,
    }),
    waitTtlMs: 10_000,
  });
  const worker = new Worker<DeliveryAttemptData, void, string>(
    DELIVERY_QUEUE,
    createDeliveryProcessor(ctx, { slots, deferMs, wake: (jobId) => wakeWaiter(queue, jobId), hooks }),
    {
      connection: new Redis(url, { maxRetriesPerRequest: null }),
      prefix,
      concurrency: 4,
      settings: { backoffStrategy: deliveryBackoff(ctx.retry) },
    },
  );
  return {
    queue,
    async close() {
      await worker.close();
      await queue.close();
      redis.disconnect();
    },
  };
}

async function settled(deliveryId: string) {
  for (let i = 0; i < 200; i++) {
    const state = await stateOf(deliveryId);
    if (state.status !== "pending") return state;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`delivery ${deliveryId} still pending`);
}

describe("the job processor in-process (BullMQ worker in this process, real Redis)", () => {
  let processor: ReturnType<typeof startProcessor>;
  let queue: DeliveryQueue;

  beforeAll(() => {
    processor = startProcessor(50);
    queue = processor.queue;
  });
  afterAll(async () => {
    await processor?.close();
  });

  it("delivers a queued job once and completes it", async () => {
    const { deliveryId, webhookId } = await pendingDelivery("job-ok", { status: 204 });
    await enqueueDeliveries(queue, [{ id: deliveryId, webhookId }], { maxAttempts: 3 });
    expect(await settled(deliveryId)).toEqual({ status: "succeeded", attempt_count: 1, attempts: 1 });
    expect(receiver.requests("job-ok")).toHaveLength(1);
  });

  it("retries a failing job through BullMQ's backoff until the budget, recording every attempt", async () => {
    const { deliveryId, webhookId } = await pendingDelivery("job-flaky", [
      { status: 503 },
      { status: 500 },
      { status: 200 },
    ]);
    await enqueueDeliveries(queue, [{ id: deliveryId, webhookId }], { maxAttempts: 3 });
    expect(await settled(deliveryId)).toEqual({ status: "succeeded", attempt_count: 3, attempts: 3 });
    const failing = await pendingDelivery("job-down", { status: 500 });
    await enqueueDeliveries(queue, [{ id: failing.deliveryId, webhookId: failing.webhookId }], {
      maxAttempts: 3,
    });
    expect(await settled(failing.deliveryId)).toEqual({ status: "failed", attempt_count: 3, attempts: 3 });
    expect(receiver.requests("job-down")).toHaveLength(3);
  });

  it("an ordered delivery whose predecessor ends while it is still running wakes itself", async () => {
    const first = await pendingDelivery("ordered-race", { status: 200 });
    await pool.query("UPDATE webhooks SET ordered = true WHERE id = $1", [first.webhookId]);
    const second = await deliveryTo(first.webhookId);
    // The second job finds the first pending and goes to sleep; the first becomes final just
    // before that, so its wake-up would have found the second job still running. Without a
    // wake-up the second sleeps 30 × deferMs (150 s), far past settled()'s 10 s.
    const racing = startProcessor(5_000, {
      deferred: async (cause) => {
        if (cause === "ordered")
          await pool.query("UPDATE deliveries SET status = 'succeeded' WHERE id = $1", [first.deliveryId]);
      },
    });
    try {
      await enqueueDeliveries(racing.queue, [{ id: second.deliveryId, webhookId: first.webhookId }], {
        maxAttempts: 3,
      });
      expect(await settled(second.deliveryId)).toEqual({
        status: "succeeded",
        attempt_count: 1,
        attempts: 1,
      });
      expect(receiver.requests("ordered-race")).toHaveLength(1);
    } finally {
      await racing.close();
    }
  });
});
