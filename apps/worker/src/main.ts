// A worker process: deliveries from the queue (WORKER_CONCURRENCY at once), the outbox sweeper,
// and /healthz, /readyz, /metrics on WORKER_PORT. On SIGTERM it stops taking jobs, lets
// in-flight deliveries finish (up to SHUTDOWN_TIMEOUT_MS), closes its connections, exits 0.

import { createDatabase, createSecretBox } from "@herald/db";
import {
  createDeliveryContext,
  createDeliveryProcessor,
  createEndpointSlots,
  createOperationalPublisher,
  deliveryBackoff,
  enqueueDeliveries,
  slotSettingsOf,
  wakeWaiter,
} from "@herald/delivery";
import {
  createDeliveryQueue,
  createRedisConnection,
  DELIVERY_QUEUE,
  type DeliveryAttemptData,
} from "@herald/queue";
import {
  createLogger,
  deliverySettingsOf,
  encryptionKeyOf,
  inFlightCapsOf,
  probe,
  redisTargetOf,
  startTracing,
  USER_AGENT,
  withTimeout,
} from "@herald/runtime";
import { Worker } from "bullmq";
import { logAttempt } from "./attempt-log.js";
import { loadWorkerConfig } from "./config.js";
import { startHealthServer } from "./health-server.js";
import { createWorkerMetrics } from "./metrics.js";
import { startRetentionLoop } from "./retention-loop.js";
import { createStorageMetrics } from "./storage-metrics.js";
import { startSweeper } from "./sweeper.js";
import { tracedProcessor } from "./traced-processor.js";

const config = loadWorkerConfig();
const logger = createLogger({ name: "worker", level: config.LOG_LEVEL });
// Off unless OTEL_EXPORTER_OTLP_ENDPOINT (or ..._TRACES_ENDPOINT) is set.
const tracing = startTracing("herald-worker", config);
const attemptLog = logAttempt(logger);
const jobSettings = { maxAttempts: config.RETRY_MAX_ATTEMPTS };
// A few slow endpoints at their cap must not hold every slot of a worker (docs/runbook.md).
if (config.WORKER_CONCURRENCY < 4 * config.ENDPOINT_MAX_IN_FLIGHT) {
  logger.warn(
    { concurrency: config.WORKER_CONCURRENCY, endpointCap: config.ENDPOINT_MAX_IN_FLIGHT },
    "WORKER_CONCURRENCY is under 4 × ENDPOINT_MAX_IN_FLIGHT: a few slow endpoints can occupy every slot",
  );
}
const db = createDatabase(config.DATABASE_URL, {
  poolSize: Math.min(config.WORKER_CONCURRENCY + 4, 40),
  batchWindowMs: config.BATCH_WINDOW_MS,
});
const redisTarget = redisTargetOf(config);
// Herald's own commands (slots, wake-ups, operational events): the jobs that finish in one tick
// send their slot releases in one write. BullMQ's worker connection (below) is left as it is.
const redis = createRedisConnection(redisTarget, "worker", { enableAutoPipelining: true });
redis.on("error", (error) => logger.debug({ err: error }, "redis connection error"));
const queue = createDeliveryQueue(redis, config.QUEUE_PREFIX);
queue.on("error", (error) => logger.debug({ err: error }, "queue error"));
const metrics = createWorkerMetrics(queue);
const context = createDeliveryContext(
  { db, secretBox: createSecretBox(encryptionKeyOf(config)), userAgent: USER_AGENT, logger },
  deliverySettingsOf(config),
);
const slots = createEndpointSlots(redis, {
  ...slotSettingsOf(inFlightCapsOf(config)),
  // Longer than the longest sleep of a waiting job (2 × 60 rounds × 1.25 jitter × ENDPOINT_DEFER_MS).
  waitTtlMs: 160 * config.ENDPOINT_DEFER_MS + config.DELIVERY_TIMEOUT_MS,
  breaker: {
    failures: config.BREAKER_FAILURES,
    cooldownMs: config.BREAKER_COOLDOWN_MS,
    maxCooldownMs: Math.max(config.BREAKER_COOLDOWN_MS, config.BREAKER_MAX_COOLDOWN_MS),
  },
});

// webhook.disabled and delivery.exhausted, into the account that owns the webhook.
const operational = createOperationalPublisher({
  db,
  enqueue: (deliveries) => enqueueDeliveries(queue, deliveries, jobSettings),
  onError: (error, event) =>
    logger.warn(
      { err: error, type: event.type, webhookId: event.webhookId },
      "operational event not published",
    ),
});

const worker = new Worker<DeliveryAttemptData, void, string>(
  DELIVERY_QUEUE,
  tracedProcessor(
    DELIVERY_QUEUE,
    createDeliveryProcessor(context, {
      slots,
      deferMs: config.ENDPOINT_DEFER_MS,
      wake: (jobId) => wakeWaiter(queue, jobId),
      afterAttempt: operational.afterAttempt,
      circuitOpened: ({ accountId, webhookId, destination, retryAt }) => {
        logger.warn({ destination, retryAt }, "circuit breaker opened: destination paused");
        return operational.publish({
          accountId,
          webhookId,
          type: "webhook.circuit_opened",
          data: { destination, retry_at: retryAt.toISOString() },
        });
      },
      hooks: {
        deferred: metrics.deferred,
        circuitOpened: metrics.circuitOpened,
        reported(report, job) {
          metrics.reported(report);
          attemptLog(report, job);
          if (report.kind === "skipped" && report.undecryptable)
            logger.error(
              report.undecryptable,
              "delivery failed: the webhook's secret could not be decrypted",
            );
        },
      },
    }),
  ),
  {
    connection: createRedisConnection(redisTarget, "worker"),
    prefix: config.QUEUE_PREFIX,
    concurrency: config.WORKER_CONCURRENCY,
    lockDuration: config.JOB_LOCK_MS,
    // A dead worker's jobs go back to the queue one lock period later.
    stalledInterval: config.JOB_LOCK_MS,
    settings: { backoffStrategy: deliveryBackoff(context.retry) },
  },
);
worker.on("error", (error) => logger.warn({ err: error }, "worker error"));
worker.on("failed", (job, error) =>
  logger.debug({ jobId: job?.id, err: error }, "delivery job ended without success"),
);

const sweeper = startSweeper({
  db,
  queue,
  settings: jobSettings,
  intervalMs: config.SWEEP_INTERVAL_MS,
  staleAfterMs: config.SWEEP_STALE_AFTER_MS,
  logger,
  onSwept: metrics.swept,
});

const storageMetrics = createStorageMetrics(metrics.registry, config.STORAGE_ALERT_BYTES);
const retention = startRetentionLoop({
  databaseUrl: config.DATABASE_URL,
  retentionDays: config.RETENTION_DAYS,
  aheadDays: config.RETENTION_PARTITIONS_AHEAD_DAYS,
  intervalMs: config.RETENTION_INTERVAL_MS,
  logger,
  onPass: storageMetrics.passed,
});

let stopping = false;
const server = startHealthServer({
  port: config.WORKER_PORT,
  host: config.HOST,
  registry: metrics.registry,
  readiness: async () => ({
    worker: !stopping && worker.isRunning() ? "ok" : "not consuming",
    postgres: await probe(() => db.prisma.$queryRaw`SELECT 1`),
    redis: redis.status === "ready" ? await probe(() => redis.ping()) : "unreachable",
  }),
});
server.on("listening", () =>
  logger.info({ port: config.WORKER_PORT, concurrency: config.WORKER_CONCURRENCY }, "worker started"),
);
server.on("error", (error) => {
  logger.fatal({ err: error }, "worker could not listen");
  process.exit(1);
});

async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "worker draining in-flight deliveries");
  await Promise.all([
    sweeper.stop(),
    withTimeout(retention.stop(), 5_000, "retention pass").catch(() => undefined),
  ]);
  // worker.close() stops taking jobs and waits for running ones; past the bound, force it:
  // unfinished jobs stay pending and are picked up again by another worker.
  const drained = await withTimeout(worker.close(), config.SHUTDOWN_TIMEOUT_MS, "drain").then(
    () => true,
    () => false,
  );
  if (!drained) {
    logger.warn("in-flight deliveries did not finish in time; they will be retried");
    await withTimeout(worker.close(true), 5_000, "force close").catch(() => undefined);
  }
  context.http.close();
  server.close();
  // Bounded too: with Redis or Postgres gone, closing politely could wait forever.
  await withTimeout(
    Promise.allSettled([queue.close(), db.close(), tracing.shutdown()]),
    5_000,
    "close",
  ).catch(() => undefined);
  redis.disconnect();
  logger.info("worker stopped");
  logger.flush();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
