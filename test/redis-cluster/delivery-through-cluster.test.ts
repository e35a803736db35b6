// Herald on a real 3-master Redis Cluster (REDIS_CLUSTER_NODES, hash-tagged QUEUE_PREFIX):
// the api enqueues and the worker delivers, retries, caps in-flight deliveries and sweeps
// through it, and every key Herald wrote sits in the one slot of the prefix's hash tag.
import { randomBytes } from "node:crypto";
import { type LocalRedisCluster, startRedisCluster, waitFor } from "@herald/local-stack";
import { type Receiver, startReceiver } from "@herald/local-stack/receiver";
import { createDeliveryQueue, createRedisConnection } from "@herald/queue";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HeraldStack, waitForDeliveries } from "../support/herald-stack.js";

let cluster: LocalRedisCluster;
let receiver: Receiver;
let stack: HeraldStack;
let key: string;
const prefix = `{herald-${randomBytes(4).toString("hex")}}`;

beforeAll(async () => {
  [cluster, receiver] = await Promise.all([startRedisCluster({ masters: 3 }), startReceiver()]);
  stack = await HeraldStack.start({
    worker: true,
    env: {
      REDIS_CLUSTER_NODES: cluster.nodes,
      QUEUE_PREFIX: prefix,
      RETRY_BASE_DELAY_MS: "20",
      RETRY_MAX_DELAY_MS: "50",
      ENDPOINT_MAX_IN_FLIGHT: "2",
      ENDPOINT_DEFER_MS: "100",
      SWEEP_INTERVAL_MS: "200",
      SWEEP_STALE_AFTER_MS: "500",
    },
  });
  key = await stack.key(["*"], "cluster");
}, 120_000);
afterAll(async () => {
  await stack?.stop();
  await receiver?.stop();
  await cluster?.stop();
});

async function webhook(name: string, behaviour: Parameters<Receiver["endpoint"]>[1], type: string) {
  const created = await stack.call<{ id: string }>("POST", "/v1/webhooks", {
    key,
    body: { url: receiver.endpoint(name, behaviour), events: [type] },
  });
  expect(created.status).toBe(201);
  return created.body.data.id;
}

async function send(type: string): Promise<string> {
  const accepted = await stack.call<{ id: string }>("POST", "/v1/events", { key, body: { type, data: {} } });
  expect(accepted.status).toBe(202);
  return accepted.body.data.id;
}

describe("Herald on a Redis Cluster", () => {
  it("delivers, and retries a failed attempt", async () => {
    await webhook("flaky", [{ status: 500 }, { status: 200 }], "product.scored");
    const [delivery] = await waitForDeliveries(stack, await send("product.scored"));
    expect(delivery).toMatchObject({ status: "succeeded", attempt_count: 2 });
    expect(receiver.stats("flaky").received).toBe(2);
  });

  it("holds a slow endpoint to ENDPOINT_MAX_IN_FLIGHT", async () => {
    await webhook("slow", { status: 200, delayMs: 300 }, "product.synced");
    const events = await Promise.all(Array.from({ length: 8 }, () => send("product.synced")));
    for (const event of events)
      expect((await waitForDeliveries(stack, event))[0]).toMatchObject({
        status: "succeeded",
        attempt_count: 1,
      });
    expect(receiver.stats("slow").received).toBe(8);
    expect(receiver.stats("slow").maxInFlight).toBe(2);
  });

  it("sweeps a pending delivery whose job was lost", async () => {
    const worker = stack.apps.find((app) => app.role === "worker")!;
    expect(await worker.stop(15_000)).toBe(0);
    await webhook("swept", { status: 200 }, "optimization.created");
    const event = await send("optimization.created");
    const [pending] = await waitForDeliveries(stack, event, (rows) => rows.length === 1);
    // The job the api added is removed from the cluster: only the sweeper can bring it back.
    const connection = createRedisConnection(
      { nodes: cluster.ports.map((port) => ({ host: "127.0.0.1", port })), tls: false },
      "worker",
    );
    const queue = createDeliveryQueue(connection, prefix);
    try {
      expect(await queue.remove(pending!.id)).toBe(1);
    } finally {
      await queue.close();
      connection.disconnect();
    }
    const sweeper = await stack.startApp("worker");
    const [delivery] = await waitForDeliveries(stack, event);
    expect(delivery).toMatchObject({ status: "succeeded", attempt_count: 1 });
    const metrics = await (await fetch(`${sweeper.url}/metrics`)).text();
    expect(Number(/^herald_sweeper_enqueued_total\S* (\d+)/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(1);
  });

  it("applies a webhook's own rate limit, order and breaker keys through the cluster", async () => {
    const created = await stack.call<{ id: string }>("POST", "/v1/webhooks", {
      key,
      body: {
        url: receiver.endpoint("policy", { status: 200 }),
        events: ["optimization.approved"],
        rate_limit_per_second: 20,
        ordered: true,
      },
    });
    expect(created.status).toBe(201);
    const events: string[] = [];
    for (let i = 0; i < 5; i++) events.push(await send("optimization.approved"));
    for (const event of events) expect((await waitForDeliveries(stack, event))[0]?.status).toBe("succeeded");
    const received = receiver.requests("policy").map((r) => (JSON.parse(r.body) as { id: string }).id);
    expect(received).toEqual(events);
  });

  it("keeps every key in the prefix's slot, and nothing in REDIS_URL's Redis", async () => {
    const slot = Number((await cluster.cli(cluster.ports[0]!, "cluster", "keyslot", prefix)).trim());
    const keysByNode = await Promise.all(
      cluster.ports.map(async (port) =>
        (await cluster.cli(port, "--scan")).split("\n").filter((line) => line !== ""),
      ),
    );
    const keys = keysByNode.flat();
    expect(keys.length).toBeGreaterThan(3);
    expect(keysByNode.filter((nodeKeys) => nodeKeys.length > 0)).toHaveLength(1);
    for (const name of keys) expect(name.startsWith(`${prefix}:`), name).toBe(true);
    const owner = cluster.ports[keysByNode.findIndex((nodeKeys) => nodeKeys.length > 0)]!;
    expect(Number((await cluster.cli(owner, "cluster", "countkeysinslot", String(slot))).trim())).toBe(
      keys.length,
    );

    const single = new Redis(stack.env.REDIS_URL!);
    try {
      await waitFor("the single Redis to answer", async () => (await single.ping()) === "PONG");
      expect(await single.keys(`${prefix}*`)).toEqual([]);
    } finally {
      single.disconnect();
    }
  });
});
