// Workers dying, stopping and racing each other: nothing is lost and the record stays true.

import type { Receiver } from "@herald/local-stack/receiver";
import { createDeliveryQueue, createRedisConnection, deliveryJob } from "@herald/queue";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  attemptsOf,
  type HeraldStack,
  startWithReceiver,
  stopWithReceiver,
  waitForDeliveries,
} from "../support/herald-stack.js";

let stack: HeraldStack;
let receiver: Receiver;
let key: string;

beforeAll(async () => {
  ({ stack, receiver, key } = await startWithReceiver({
    env: {
      JOB_LOCK_MS: "1500",
      SWEEP_STALE_AFTER_MS: "3000",
      SWEEP_INTERVAL_MS: "500",
      WORKER_CONCURRENCY: "250",
      ENDPOINT_MAX_IN_FLIGHT: "500",
      DELIVERY_TIMEOUT_MS: "5000",
      EXTRA_EVENT_TYPES: "f.kill,f.crash,f.term,f.twice",
    },
  }));
});
afterAll(() => stopWithReceiver(stack, receiver));

async function subscribe(name: string, type: string, behaviour: Parameters<Receiver["endpoint"]>[1]) {
  const created = await stack.call("POST", "/v1/webhooks", {
    key,
    body: { url: receiver.endpoint(name, behaviour), events: [type] },
  });
  expect(created.status).toBe(201);
  return created.body.data.id as string;
}

const send = async (type: string, data: Record<string, unknown> = {}) =>
  (await stack.call<{ id: string }>("POST", "/v1/events", { key, body: { type, data } })).body.data.id;

describe("faults around workers", () => {
  it("1: a worker SIGKILLed mid-delivery → a new worker completes it (a duplicate is allowed, a loss is not)", async () => {
    await subscribe("kill", "f.kill", { status: 200, delayMs: 3000 });
    const doomed = await stack.startApp("worker");
    const eventId = await send("f.kill");
    await receiver.waitForRequests("kill", 1);
    await doomed.kill();
    receiver.endpoint("kill", { status: 200 });
    const replacement = await stack.startApp("worker");
    const [delivery] = await waitForDeliveries(stack, eventId, undefined, 20_000);
    expect(delivery?.status).toBe("succeeded");
    const requests = receiver.requests("kill");
    expect(requests.length).toBeGreaterThanOrEqual(2);
    expect(new Set(requests.map((r) => r.headers["webhook-id"]))).toEqual(new Set([eventId]));
    await replacement.stop();
  });

  it("2: the API dies after commit, before enqueue → the sweeper enqueues and it is delivered", async () => {
    await subscribe("crash", "f.crash", { status: 200 });
    // An API whose Redis is unreachable commits and never enqueues, exactly like one that
    // crashed between the two. It still answers 202.
    const crashing = await stack.startApp(
      "api",
      { REDIS_URL: "redis://127.0.0.1:1" },
      { waitFor: "healthy" },
    );
    const accepted = await fetch(`${crashing.url}/v1/events`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ type: "f.crash", data: { n: 1 } }),
    });
    expect(accepted.status).toBe(202);
    const eventId = ((await accepted.json()) as { data: { id: string } }).data.id;
    await crashing.kill();
    const [pending] = await stack.query<{ status: string }>(
      "SELECT status::text FROM deliveries WHERE event_id = $1",
      [eventId],
    );
    expect(pending?.status).toBe("pending");
    const worker = await stack.startApp("worker");
    const [delivery] = await waitForDeliveries(stack, eventId, undefined, 20_000);
    expect(delivery?.status).toBe("succeeded");
    expect(receiver.requests("crash").map((r) => r.headers["webhook-id"])).toContain(eventId);
    await worker.stop();
  });

  it("6: SIGTERM during 200 in-flight deliveries → it drains within its bound, exits 0, nothing lost", async () => {
    await subscribe("term", "f.term", { status: 200, delayMs: 1500 });
    const worker = await stack.startApp("worker", { SHUTDOWN_TIMEOUT_MS: "10000" });
    const ids = await Promise.all(Array.from({ length: 200 }, (_, i) => send("f.term", { i })));
    await receiver.waitForRequests("term", 200, 20_000);
    expect(receiver.stats("term").inFlight).toBeGreaterThanOrEqual(150);
    const code = await worker.stop(20_000);
    expect(code).toBe(0);
    // Drained within SHUTDOWN_TIMEOUT_MS: past it the worker says so and force-closes.
    expect(worker.output().join("\n")).not.toContain("did not finish in time");
    // Everything that was in flight finished and was recorded before the process exited.
    const [left] = await stack.query<{ pending: number; succeeded: number }>(
      "SELECT count(*) FILTER (WHERE status = 'pending')::int AS pending, count(*) FILTER (WHERE status = 'succeeded')::int AS succeeded FROM deliveries WHERE event_id = ANY($1::uuid[])",
      [ids],
    );
    expect(left).toEqual({ pending: 0, succeeded: 200 });
  }, 60_000);

  it("9: the same delivery run twice at once → one final state, and an attempt row for each send", async () => {
    const webhookId = await subscribe("twice", "f.twice", { status: 200, delayMs: 500 });
    const [first, second] = await Promise.all([stack.startApp("worker"), stack.startApp("worker")]);
    const eventId = await send("f.twice");
    const [row] = await stack.query<{ id: string }>("SELECT id FROM deliveries WHERE event_id = $1", [
      eventId,
    ]);
    // A stalled job taken over while its first run still goes on: two jobs, one delivery.
    const redis = createRedisConnection(stack.env.REDIS_URL!, "producer");
    const queue = createDeliveryQueue(redis, stack.env.QUEUE_PREFIX!);
    const job = deliveryJob({ id: row!.id, webhookId }, { maxAttempts: 3 });
    await queue.add(job.name, job.data, { ...job.opts, jobId: `${row!.id}-stalled-copy` });
    await queue.close();
    redis.disconnect();
    const [delivery] = await waitForDeliveries(stack, eventId);
    await receiver.waitForRequests("twice", 1);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    const sends = receiver.requests("twice").length;
    const attempts = await attemptsOf(stack, row!.id);
    expect(delivery?.status).toBe("succeeded");
    expect(attempts).toHaveLength(sends);
    expect(attempts.map((a) => a.attempt_number).sort()).toEqual(
      Array.from({ length: sends }, (_, i) => i + 1),
    );
    const [final] = await stack.query<{ status: string; attempt_count: number }>(
      "SELECT status::text, attempt_count FROM deliveries WHERE id = $1",
      [row!.id],
    );
    expect(final).toEqual({ status: "succeeded", attempt_count: sends });
    await Promise.all([first.stop(), second.stop()]);
  });
});
