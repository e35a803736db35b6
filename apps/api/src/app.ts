import type { Database, SecretBox } from "@herald/db";
import type { DeliveryContext, EndpointSlots } from "@herald/delivery";
import type { DeliveryQueue } from "@herald/queue";
import { HERALD_VERSION, type Logger } from "@herald/runtime";
import express, { type Express, Router } from "express";
import type { Redis } from "ioredis";
import { mountQueueBoard } from "./admin/queue-board.js";
import { actingAccount } from "./auth/acting-account.js";
import type { KeyStore } from "./auth/api-keys.js";
import { authenticate } from "./auth/authenticate.js";
import { createApiLimiters, rateLimit } from "./auth/rate-limit.js";
import type { ApiConfig } from "./config.js";
import type { EventCatalog } from "./events/event-catalog.js";
import { accessLog } from "./http/access-log.js";
import { assignRequestId } from "./http/envelope.js";
import { errorHandler, unknownRoute } from "./http/error-handler.js";
import { mountOperations } from "./http/mount-operations.js";
import { keepRawBody } from "./http/raw-body.js";
import { requestSpan } from "./http/request-span.js";
import type { ApiMetrics } from "./metrics.js";
import { docsRoutes } from "./openapi/docs-page.js";
import { buildOpenApiDocument } from "./openapi/openapi-document.js";
import type { Enqueuer } from "./queueing.js";
import { apiOperations } from "./routes/api-operations.js";
import { healthRoutes } from "./routes/health.js";
import { createRouteDeps } from "./routes/route-deps.js";
import { uiRoutes } from "./ui/serve-ui.js";
import type { UrlPolicy } from "./webhooks/webhook-schemas.js";

export interface ApiDeps {
  config: ApiConfig;
  db: Database;
  redis: Redis;
  queue: DeliveryQueue;
  secretBox: SecretBox;
  logger: Logger;
  metrics: ApiMetrics;
  keys: KeyStore;
  catalog: EventCatalog;
  urlPolicy: UrlPolicy;
  enqueuer: Enqueuer;
  delivery: DeliveryContext;
  // The fleet-wide in-flight caps, which test sends obey too.
  slots: EndpointSlots;
}

export function createApp(deps: ApiDeps): Express {
  const { config, logger, metrics } = deps;
  const app = express();
  app.disable("x-powered-by");
  if (config.TRUST_PROXY !== undefined) app.set("trust proxy", config.TRUST_PROXY);
  app.use(assignRequestId, requestSpan, accessLog(logger), metrics.observe);

  const policyLimits = { timeoutMs: config.DELIVERY_TIMEOUT_MS, maxInFlight: config.ENDPOINT_MAX_IN_FLIGHT };
  const settings = {
    catalog: deps.catalog,
    urlPolicy: deps.urlPolicy,
    policyLimits,
    maxBatchEvents: config.MAX_BATCH_EVENTS,
  };
  // The router mounts these operations and the document describes the same list.
  const operations = apiOperations(settings);
  const openApi = buildOpenApiDocument(
    {
      ...settings,
      version: HERALD_VERSION,
      serverUrl: config.PUBLIC_URL ?? `http://localhost:${config.PORT}`,
    },
    operations,
  );
  const v1 = Router();
  const limiters = createApiLimiters(deps.redis, config);
  // No body is read before the key is known good and within its limit.
  v1.use(
    authenticate(deps.keys, limiters.authFailures),
    rateLimit(limiters.requests),
    actingAccount(deps.db.prisma),
    express.json({
      limit: config.MAX_PAYLOAD_BYTES,
      type: ["application/json", "application/*+json"],
      verify: keepRawBody,
    }),
  );
  mountOperations(v1, operations, createRouteDeps(deps));
  // /api/v1 is the same API under the path one of the seed vendors uses. Mounted first: the
  // events producers post are the busiest route, and every router before it is tried in turn.
  app.use(["/v1", "/api/v1"], v1);
  app.use(healthRoutes({ prisma: deps.db.prisma, redis: deps.redis }));
  app.get("/openapi.json", (_req, res) => {
    res.json(openApi);
  });
  app.use(docsRoutes(openApi));
  if (mountQueueBoard(app, deps.queue, config)) logger.info("queue board mounted at /admin/queues");
  app.use(uiRoutes({ prisma: deps.db.prisma, uiDir: config.UI_DIR }));

  app.use(unknownRoute);
  app.use(errorHandler(logger));
  return app;
}
