// Redis is only the queue: when it stops, ingest still answers 202 and nothing is lost; when it
// comes back (with its append-only file), the worker resumes by itself and everything arrives.
import { type LocalRedis, startLocalRedis, waitFor } from "@herald/local-stack";
import { type Receiver, startReceiver } from "@herald/local-stack/receiver";
import { createDeliveryQueue, createRedisConnection } from "@herald/queue";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HeraldStack, waitForDeliveries } from "../support/herald-stack.js";

let redis: LocalRedis;
let stack: HeraldStack;
let receiver: Receiver;
let key: string;

beforeAll(async () => {
  redis = await startLocalRedis({ appendOnly: true });
  receiver = await startReceiver();
  stack = await HeraldStack.start({
    env: {
      REDIS_URL: redis.url,
      SWEEP_STALE_AFTER_MS: "2000",
      SWEEP_INTERVAL_MS: "500",
      RETRY_BASE_DELAY_MS: "4000",
      RETRY_MAX_DELAY_MS: "4000",
      EXTRA_EVENT_TYPES: "r.outage,r.delayed,r.waiting",
    },
  });
  key = await stack.key(["*"]);
});
afterAll(async () => {
  await stack?.stop();
  await receiver?.stop();
  await redis?.stop();
});

const send = (type: string, i: number) =>
  stack.call<{ id: string }>("POST", "/v1/events", { key, body: { type, data: { i } } });
const ready = async (url: string) => (await fetch(`${url}/readyz`)).status;

describe("Redis outages", () => {
  it("3: Redis stopped during ingest → 202 at once, delivered after it returns, worker back without a restart", async () => {
    await stack.call("POST", "/v1/webhooks", {
      key,
      body: { url: receiver.endpoint("outage", { status: 200 }), events: ["r.outage"] },
    });
    const worker = await stack.startApp("worker");
    await redis.pause();
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      const started = Date.now();
      const answer = await send("r.outage", i);
      expect(answer.status).toBe(202);
      // Not left waiting for Redis: enqueueing gives up after 3 s (a generous margin for a busy machine).
      expect(Date.now() - started).toBeLessThan(15_000);
      ids.push(answer.body.data.id);
    }
    expect(
      await waitFor("the worker to report not ready", async () => (await ready(worker.url)) === 503),
    ).toBe(true);
    // The API stays in its load balancer: it still accepts events, and says Redis is down.
    const apiReady = await fetch(`${stack.api.url}/readyz`);
    expect(apiReady.status).toBe(200);
    expect(((await apiReady.json()) as { data: { checks: { redis: string } } }).data.checks.redis).not.toBe(
      "ok",
    );
    expect(receiver.requests("outage")).toHaveLength(0);

    await redis.start();
    for (const id of ids)
      expect((await waitForDeliveries(stack, id, undefined, 30_000))[0]?.status).toBe("succeeded");
    expect(await ready(worker.url)).toBe(200);
    expect(new Set(receiver.requests("outage").map((r) => r.headers["webhook-id"]))).toEqual(new Set(ids));
    await worker.stop();
  }, 60_000);

  it("4: Redis restarted while jobs wait and are delayed → all delivered once each", async () => {
    await stack.call("POST", "/v1/webhooks", {
      key,
      body: { url: receiver.endpoint("delayed", { status: 500 }), events: ["r.delayed"] },
    });
    await stack.call("POST", "/v1/webhooks", {
      key,
      body: { url: receiver.endpoint("waiting", { status: 200 }), events: ["r.waiting"] },
    });
    const worker = await stack.startApp("worker");
    const delayed: string[] = [];
    for (let i = 0; i < 5; i++) delayed.push((await send("r.delayed", i)).body.data.id);
    // First attempts fail; their retries now sit in Redis as delayed jobs.
    await receiver.waitForRequests("delayed", 1);
    await waitFor("first attempts to be recorded", async () => {
      const [row] = await stack.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM deliveries WHERE event_id = ANY($1::uuid[]) AND attempt_count = 1",
        [delayed],
      );
      return row?.n === 5;
    });
    await worker.stop();
    receiver.endpoint("delayed", { status: 200 });
    const waiting: string[] = [];
    for (let i = 0; i < 5; i++) waiting.push((await send("r.waiting", i)).body.data.id);
    // AOF is fsynced every second; a clean stop writes the rest.
    await redis.pause();
    await redis.start();
    // The append-only file kept every job across the restart: nothing waits on the sweeper.
    const connection = createRedisConnection(redis.url, "producer");
    const queue = createDeliveryQueue(connection, stack.env.QUEUE_PREFIX!);
    const counts = await queue.getJobCounts("waiting", "delayed");
    await queue.close();
    connection.disconnect();
    expect(counts).toEqual({ waiting: 5, delayed: 5 });
    const restarted = await stack.startApp("worker");
    for (const id of [...delayed, ...waiting])
      expect((await waitForDeliveries(stack, id, undefined, 30_000))[0]?.status).toBe("succeeded");
    const successes = (name: string) =>
      receiver
        .requests(name)
        .filter((r) => r.endpoint === name)
        .map((r) => r.headers["webhook-id"]);
    expect(successes("waiting").sort()).toEqual([...waiting].sort());
    // The delayed endpoint got each event twice: one failure, one success, no more.
    expect(successes("delayed").sort()).toEqual([...delayed, ...delayed].sort());
    await restarted.stop();
  }, 60_000);
});
