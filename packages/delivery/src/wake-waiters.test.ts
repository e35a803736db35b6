// The wake-up of a job waiting on a full cap, against a real Redis and a real BullMQ worker: the
// slot is freed (and the waiter popped) after the refusal queued the job but before it is asleep.
import { randomBytes } from "node:crypto";
import { waitFor } from "@herald/local-stack";
import { redisForTest } from "@herald/local-stack/testing";
import { createDeliveryQueue, createRedisConnection, DELIVERY_QUEUE } from "@herald/queue";
import { DelayedError, Worker } from "bullmq";
import { afterAll, expect, it } from "vitest";
import { type Cap, createEndpointSlots } from "./endpoint-slots.js";
import { sleepAsWaiter, wakeWaiter } from "./wake-waiters.js";

const { url, prefix } = redisForTest();
const producer = createRedisConnection(url, "producer");
const queue = createDeliveryQueue(producer, prefix);
const slots = createEndpointSlots(createRedisConnection(url, "worker"), {
  prefix,
  limits: { webhook: 1, destination: 10, account: 10 },
  leaseMs: 60_000,
  waitTtlMs: 600_000,
});
let worker: Worker | undefined;
afterAll(async () => {
  await worker?.close();
  await queue.close();
  producer.disconnect();
});

it("a waiter popped before it fell asleep wakes itself and takes the freed slot", async () => {
  const cap: Cap = { kind: "webhook", id: randomBytes(4).toString("hex") };
  expect(await slots.acquire([cap], "holder")).toEqual({ admitted: true });
  const runs: string[] = [];
  const wokenByRelease: string[][] = [];
  worker = new Worker(
    DELIVERY_QUEUE,
    async (job, token) => {
      const holder = `${job.id}:${token}`;
      if ((await slots.acquire([cap], holder, job.id)).admitted) {
        runs.push("sent");
        await slots.release([cap], holder);
        return;
      }
      runs.push("refused");
      // The holder finishes right now: it pops this job and tries to wake it, but the job is
      // still running (not asleep yet), so that wake-up does nothing.
      const woken = await slots.release([cap], "holder");
      wokenByRelease.push(woken);
      await Promise.all(woken.map((id) => wakeWaiter(queue, id)));
      // Without a wake-up it would sleep 10 minutes, the slot free all along.
      await sleepAsWaiter(job, token, Date.now() + 600_000, {
        slots,
        cap,
        wake: (id) => wakeWaiter(queue, id),
      });
      throw new DelayedError();
    },
    { connection: createRedisConnection(url, "worker"), prefix },
  );
  const job = await queue.add("delivery.attempt", { deliveryId: "d", webhookId: cap.id });
  await waitFor("the job to run again", async () => runs.length >= 2, { timeoutMs: 20_000 });
  expect(wokenByRelease).toEqual([[job.id]]);
  expect(runs).toEqual(["refused", "sent"]);
}, 30_000);
