// The API process: read config, build dependencies, serve, drain on SIGTERM/SIGINT.

import { createLogger, startTracing, withTimeout } from "@herald/runtime";
import { createApiDeps } from "./api-deps.js";
import { createApp } from "./app.js";
import { loadApiConfig } from "./config.js";
import { startMetricsServer } from "./metrics-server.js";

const config = loadApiConfig();
const logger = createLogger({ name: "api", level: config.LOG_LEVEL });
// Off unless OTEL_EXPORTER_OTLP_ENDPOINT (or ..._TRACES_ENDPOINT) is set.
const tracing = startTracing("herald-api", config);
const deps = createApiDeps(config, logger);
const app = createApp(deps);

const server = app.listen(config.PORT, config.HOST, () => {
  logger.info({ port: config.PORT }, "api listening");
});
const metricsServer = startMetricsServer({
  port: config.API_METRICS_PORT,
  host: config.HOST,
  registry: deps.metrics.registry,
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
  // Bounded: with Redis or Postgres gone, closing politely could wait forever.
  await withTimeout(Promise.allSettled([deps.close(), tracing.shutdown()]), 5_000, "close").catch(
    () => undefined,
  );
  logger.info("api stopped");
  logger.flush();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
