import { ACCOUNT_HEADER, SCOPES, type Scope, SERVICE_SCOPE } from "../auth/api-keys.js";
import type { EventCatalog } from "../events/event-catalog.js";
import { errorResponses } from "./error-responses.js";
import { meta, pageMeta } from "./example-resources.js";
import { errorExamples, operationExamples } from "./examples.js";
import { headerComponents, headersOfResponse, successHeaders } from "./response-headers.js";
import { tidySchemas } from "./tidy-schemas.js";
import { payloadSchema, webhooksSection } from "./webhooks-section.js";

// What the document says beyond the operations' schemas, keyed by operationId and response name so
// it does not depend on how the operations are declared: examples, response headers, the outbound
// webhook, tags and the scopes of the bearer scheme.

interface Media {
  schema?: { properties?: { meta?: { $ref?: string } } };
  example?: unknown;
}
interface Response {
  $ref?: string;
  content?: Record<string, Media>;
  headers?: Record<string, unknown>;
}
interface OperationObject {
  operationId?: string;
  tags?: string[];
  requestBody?: { content: Record<string, Media> };
  responses: Record<string, Response>;
}
interface Document {
  info: Record<string, unknown>;
  servers: { url: string }[];
  paths: Record<string, Record<string, OperationObject>>;
  components: {
    schemas: Record<string, unknown>;
    responses: Record<string, Response>;
    securitySchemes: Record<string, { description?: string }>;
  };
}

const SCOPE_MEANINGS: Record<Scope | "*" | typeof SERVICE_SCOPE, string> = {
  "webhooks:read": "list and read webhooks and the event catalog",
  "webhooks:write": "create, change, delete, test and recover webhooks; rotate secrets; make portal links",
  "events:write": "send events",
  "events:read": "read the event log",
  "deliveries:read": "read deliveries and their attempts",
  "deliveries:write": "retry deliveries",
  "*": "every scope above (never accounts:*)",
  [SERVICE_SCOPE]: `a service key: acts for any account named in the ${ACCOUNT_HEADER} header, and creates accounts and their keys`,
};

const TAGS: Record<string, string> = {
  webhooks: "Receiver endpoints, their secrets, tests and recovery",
  events: "Sending events and reading the event log",
  deliveries: "Each event's delivery to each webhook, and its attempts",
  "portal-sessions": "Links to the web UI for one account",
  accounts: "Accounts and their API keys (service keys only)",
  receivers: "What Herald sends to receivers",
};

const tagOf = (path: string) => path.split("/")[2] ?? "";

export function addDocumentation<D extends object>(built: D, catalog: EventCatalog) {
  const document = built as unknown as Document;
  const scopes = [...SCOPES, "*", SERVICE_SCOPE] as const;
  const bearer = document.components.securitySchemes.apiKey;
  if (bearer) {
    bearer.description = `Send \`Authorization: Bearer <credential>\`: an API key (hrld_sk_…) or a portal session's token (hrld_ps_…). Each operation names the scope it requires; a key holds one or more:\n\n${scopes.map((scope) => `- \`${scope}\`: ${SCOPE_MEANINGS[scope]}`).join("\n")}\n\nWithout a credential, or with an unknown or revoked one, the answer is 401; without the scope, 403.`;
  }
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const operation of Object.values(methods)) {
      operation.tags = [tagOf(path)];
      const example = operation.operationId ? operationExamples[operation.operationId] : undefined;
      const body = operation.requestBody?.content["application/json"];
      if (body && example && "request" in example) body.example = example.request;
      for (const [status, response] of Object.entries(operation.responses)) {
        if (response.$ref || Number(status) >= 400) continue;
        response.headers = successHeaders;
        const media = response.content?.["application/json"];
        if (!media || !example) continue;
        const paged = media.schema?.properties?.meta?.$ref?.endsWith("/PageMeta");
        const data = example.dataByStatus?.[Number(status)] ?? example.data;
        media.example = { success: true, data, meta: paged ? pageMeta : meta };
      }
    }
  }
  for (const [status, { name }] of Object.entries(errorResponses)) {
    const response = document.components.responses[name];
    if (!response) continue;
    response.headers = headersOfResponse(name);
    const media = response.content?.["application/json"];
    completeNarrowing(media?.schema, document.components.schemas.Error);
    const error = errorExamples[Number(status)];
    if (media && error) media.example = { success: false, error, meta };
  }
  tidySchemas(document.paths);
  tidySchemas(document.components.schemas);
  const tags = [...new Set([...Object.keys(document.paths).map(tagOf), "receivers"])];
  return Object.assign(built, {
    // The repository states no licence; until it does, the document grants none.
    info: {
      ...document.info,
      contact: { name: "Herald API reference", url: `${document.servers[0]?.url ?? ""}/docs` },
      license: { name: "Proprietary", identifier: "LicenseRef-Proprietary" },
    },
    tags: tags.map((name) => ({ name, description: TAGS[name] ?? name })),
    webhooks: webhooksSection(),
    components: {
      ...document.components,
      schemas: { ...document.components.schemas, WebhookPayload: payloadSchema(catalog) },
      headers: headerComponents,
    },
  });
}

// An error response is allOf [Error, { error: { code: { enum: its codes } } }]. Validators that
// check examples strictly (redocly's) treat `message` and `details` as unknown in the second part
// unless it names them too, so it gets Error's own definitions of them.
function completeNarrowing(schema: unknown, errorSchema: unknown): void {
  const narrowing = (
    schema as { allOf?: { properties?: { error?: { properties?: Record<string, unknown> } } }[] }
  )?.allOf?.[1]?.properties?.error?.properties;
  const own = (errorSchema as { properties?: { error?: { properties?: Record<string, unknown> } } })
    ?.properties?.error?.properties;
  if (!narrowing || !own) return;
  for (const [name, definition] of Object.entries(own)) narrowing[name] ??= definition;
}
