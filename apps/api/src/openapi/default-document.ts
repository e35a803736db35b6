// The OpenAPI document a Herald with the default configuration serves, built without Postgres or
// Redis: @herald/client generates its types from it (npm run generate -w @herald/client).
import { parseNetworks } from "@herald/delivery";
import { HERALD_VERSION, parseConfig } from "@herald/runtime";
import { apiConfigSchema } from "../config.js";
import { createEventCatalog } from "../events/event-catalog.js";
import { buildOpenApiDocument } from "./openapi-document.js";

// Only what the schema requires; nothing is connected to.
const defaultConfig = () =>
  parseConfig(apiConfigSchema, {
    NODE_ENV: "development",
    DATABASE_URL: "postgres://localhost/herald",
    REDIS_URL: "redis://localhost:6379",
  });

// The event types the document lists by default; an operator may configure others.
export function defaultEventTypes(): string[] {
  const config = defaultConfig();
  return createEventCatalog(config.EVENT_TYPES, config.EXTRA_EVENT_TYPES).entries.map((entry) => entry.name);
}

export function defaultOpenApiDocument(): ReturnType<typeof buildOpenApiDocument> {
  const config = defaultConfig();
  return buildOpenApiDocument({
    catalog: createEventCatalog(config.EVENT_TYPES, config.EXTRA_EVENT_TYPES),
    urlPolicy: {
      allowHttp: config.ALLOW_HTTP_URLS,
      allowedNetworks: parseNetworks(config.ALLOWED_PRIVATE_NETWORKS),
    },
    policyLimits: { timeoutMs: config.DELIVERY_TIMEOUT_MS, maxInFlight: config.ENDPOINT_MAX_IN_FLIGHT },
    maxBatchEvents: config.MAX_BATCH_EVENTS,
    version: HERALD_VERSION,
    serverUrl: `http://localhost:${config.PORT}`,
  });
}
