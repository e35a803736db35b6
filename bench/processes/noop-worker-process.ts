// B_queue: a BullMQ worker that does nothing with its jobs, set up like Herald's worker
// (same connection options, concurrency, lock settings and backoff setting) and fed jobs with
// Herald's production job options (deliveryJob: attempts, custom backoff, removeOnComplete and
// removeOnFail, job id = a uuid). What it sustains is the queue's own ceiling on this machine.
import { randomUUID } from "node:crypto";
import {
  createDeliveryQueue,
  createRedisConnection,
  DELIVERY_QUEUE,
  type DeliveryAttemptData,
  deliveryJob,
} from "@herald/queue";
import { Worker } from "bullmq";
import { nowMs } from "../log.js";
import { serveIpc } from "./ipc.js";

const redisUrl = process.env.REDIS_URL!;
const prefix = process.env.QUEUE_PREFIX!;
const concurrency = Number(process.env.WORKER_CONCURRENCY ?? 50);
const settings = { maxAttempts: 8 };

const producerConnection = createRedisConnection(redisUrl, "worker");
const queue = createDeliveryQueue(producerConnection, prefix);
const worker = new Worker<DeliveryAttemptData, void, string>(DELIVERY_QUEUE, async () => {}, {
  connection: createRedisConnection(redisUrl, "worker"),
  prefix,
  concurrency,
  lockDuration: 30_000,
  stalledInterval: 30_000,
  autorun: false,
  settings: { backoffStrategy: () => 1000 },
});
let completed = 0;
let startedAt = 0;
let lastAt = 0;
worker.on("completed", () => {
  completed++;
  lastAt = nowMs();
});

serveIpc(
  {
    async prefill(args) {
      const { jobs } = args as { jobs: number };
      for (let i = 0; i < jobs; i += 1000) {
        const batch = Array.from({ length: Math.min(1000, jobs - i) }, () =>
          deliveryJob({ id: randomUUID(), webhookId: randomUUID() }, settings),
        );
        await queue.addBulk(batch);
      }
    },
    consume() {
      startedAt = nowMs();
      void worker.run();
    },
    count: () => ({ completed, startedAt, lastAt }),
    async clean() {
      await worker.close();
      await queue.obliterate({ force: true });
    },
  },
  { concurrency },
  async () => {
    await worker.close(true).catch(() => undefined);
    await queue.close().catch(() => undefined);
    producerConnection.disconnect();
  },
);
