export { ConfigError, env, loadConfigOrExit, parseConfig } from "./config.js";
export { DEV_ENV_FILE, formatDevEnv, loadCliConfigOrExit, withDevEnvDefaults } from "./dev-env.js";
export { createLogger, type Logger } from "./logger.js";
export { createMetricsRegistry, DELIVERY_BUCKETS } from "./metrics-registry.js";
export { type RedisClusterSettings, redisTargetOf, requireRedis } from "./redis-config.js";
export {
  commonEnv,
  DEFAULT_EVENT_TYPES,
  deliveryEnv,
  deliverySettingsOf,
  encryptionKeyOf,
  inFlightCapEnv,
  inFlightCapsOf,
  requireEncryptionKey,
} from "./shared-config.js";
export { probe, withTimeout } from "./timeouts.js";
export {
  type Context,
  contextFromCarrier,
  inSpan,
  type Span,
  SpanKind,
  SpanStatusCode,
  startSpan,
  startTracing,
  type Tracing,
  trace,
  traceCarrier,
  traceContext,
} from "./tracing.js";
export { HERALD_VERSION, USER_AGENT } from "./version.js";
