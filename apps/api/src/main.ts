// The API process: read config, build dependencies, serve, drain on SIGTERM/SIGINT.

import { createDatabase, createSecretBox } from "@herald/db";
import { createDeliveryContext, createEndpointSlots, parseNetworks } from "@herald/delivery";
import { createDeliveryQueue, createRedisConnection } from "@herald/queue";
import {
  createLogger,
  encryptionKeyOf,
  redisTargetOf,
  startTracing,
  USER_AGENT,
  withTimeout,
} from "@herald/runtime";
import { createApp } from "./app.js";
import { createKeyStore } from "./auth/api-keys.js";
import { loadApiConfig } from "./config.js";
import { createEventCatalog } from "./events/event-catalog.js";
import { createApiMetrics } from "./metrics.js";
import { startMetricsServer } from "./metrics-server.js";
import { createEnqueuer } from "./queueing.js";

const config = loadApiConfig();
const logger = createLogger({ name: "api", level: config.LOG_LEVEL });
// Off unless OTEL_EXPORTER_OTLP_ENDPOINT (or ..._TRACES_ENDPOINT) is set.
const tracing = startTracing("herald-api", config);
const db = createDatabase(config.DATABASE_URL, { poolSize: 20 });
const redis = createRedisConnection(redisTargetOf(config), "producer");
redis.on("error", (error) => logger.debug({ err: error }, "redis connection error"));
const queue = createDeliveryQueue(redis, config.QUEUE_PREFIX);
queue.on("error", (error) => logger.debug({ err: error }, "queue error"));
const secretBox = createSecretBox(encryptionKeyOf(config));
// POST /v1/webhooks/{id}/test sends through the same path as the worker.
const delivery = createDeliveryContext({ db, secretBox, userAgent: USER_AGENT, logger }, config);
const slots = createEndpointSlots(redis, {
  prefix: config.QUEUE_PREFIX,
  limits: {
    webhook: config.ENDPOINT_MAX_IN_FLIGHT,
    destination: config.DESTINATION_MAX_IN_FLIGHT,
    account: config.ACCOUNT_MAX_IN_FLIGHT,
  },
  leaseMs: config.DELIVERY_TIMEOUT_MS + 5_000,
  waitTtlMs: config.DELIVERY_TIMEOUT_MS + 5_000,
});
const catalog = createEventCatalog(config.EVENT_TYPES, config.EXTRA_EVENT_TYPES);
const metrics = createApiMetrics(catalog.entries.map((entry) => entry.name));
const jobSettings = { maxAttempts: config.RETRY_MAX_ATTEMPTS };

const app = createApp({
  config,
  db,
  redis,
  queue,
  secretBox,
  logger,
  metrics,
  keys: createKeyStore(db.prisma, { ttlMs: config.API_KEY_CACHE_TTL_MS }),
  catalog,
  urlPolicy: {
    allowHttp: config.ALLOW_HTTP_URLS,
    allowedNetworks: parseNetworks(config.ALLOWED_PRIVATE_NETWORKS),
  },
  enqueuer: createEnqueuer(queue, jobSettings, { logger, onFailure: () => metrics.enqueueFailures.inc() }),
  delivery,
  slots,
});

const server = app.listen(config.PORT, config.HOST, () => {
  logger.info({ port: config.PORT }, "api listening");
});
const metricsServer = startMetricsServer({
  port: config.API_METRICS_PORT,
  host: config.HOST,
  registry: metrics.registry,
});
for (const listening of [server, metricsServer]) {
  listening.on("error", (error) => {
    logger.fatal({ err: error }, "api could not listen");
    process.exit(1);
  });
}

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "api draining");
  // Stop accepting, let in-flight requests finish, then cut whatever is left.
  const drained = new Promise<void>((resolve) => server.close(() => resolve()));
  metricsServer.close();
  metricsServer.closeAllConnections();
  server.closeIdleConnections();
  const timer = setTimeout(() => server.closeAllConnections(), config.SHUTDOWN_TIMEOUT_MS);
  await drained;
  clearTimeout(timer);
  delivery.http.close();
  // Bounded: with Redis or Postgres gone, closing politely could wait forever.
  await withTimeout(
    Promise.allSettled([queue.close(), db.close(), tracing.shutdown()]),
    5_000,
    "close",
  ).catch(() => undefined);
  redis.disconnect();
  logger.info("api stopped");
  logger.flush();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
