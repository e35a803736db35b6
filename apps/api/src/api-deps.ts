// Everything the API's routes use, built from its config: main.ts serves an app made of it, and
// tests build the same app in-process to compare its real routes with the OpenAPI document.
import { createDatabase, createSecretBox } from "@herald/db";
import { createDeliveryContext, createEndpointSlots, parseNetworks, slotSettingsOf } from "@herald/delivery";
import { createDeliveryQueue, createRedisConnection } from "@herald/queue";
import {
  deliverySettingsOf,
  encryptionKeyOf,
  inFlightCapsOf,
  type Logger,
  redisTargetOf,
  USER_AGENT,
} from "@herald/runtime";
import type { ApiDeps } from "./app.js";
import { createKeyStore } from "./auth/api-keys.js";
import type { ApiConfig } from "./config.js";
import { createEventCatalog } from "./events/event-catalog.js";
import { createApiMetrics } from "./metrics.js";
import { createEnqueuer } from "./queueing.js";

export interface ApiResources extends ApiDeps {
  // Closes the HTTP client, the queue and the database pool, then drops the Redis connection.
  close(): Promise<void>;
}

export function createApiDeps(config: ApiConfig, logger: Logger): ApiResources {
  const db = createDatabase(config.DATABASE_URL, { poolSize: 20, batchWindowMs: config.BATCH_WINDOW_MS });
  const redis = createRedisConnection(redisTargetOf(config), "producer");
  redis.on("error", (error) => logger.debug({ err: error }, "redis connection error"));
  const queue = createDeliveryQueue(redis, config.QUEUE_PREFIX);
  queue.on("error", (error) => logger.debug({ err: error }, "queue error"));
  const secretBox = createSecretBox(encryptionKeyOf(config));
  // POST /v1/webhooks/{id}/test sends through the same path as the worker.
  const delivery = createDeliveryContext(
    { db, secretBox, userAgent: USER_AGENT, logger },
    deliverySettingsOf(config),
  );
  // Test sends take slots but never wait for one (429 while a cap is full).
  const slots = createEndpointSlots(redis, slotSettingsOf(inFlightCapsOf(config)));
  const catalog = createEventCatalog(config.EVENT_TYPES, config.EXTRA_EVENT_TYPES);
  const metrics = createApiMetrics(catalog.entries.map((entry) => entry.name));
  const jobSettings = { maxAttempts: config.RETRY_MAX_ATTEMPTS };
  return {
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
    async close() {
      delivery.http.close();
      await Promise.allSettled([queue.close(), db.close()]);
      redis.disconnect();
    },
  };
}
