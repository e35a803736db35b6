import { z } from "zod";
import { ACCOUNT_HEADER, SCOPES, SERVICE_SCOPE } from "../auth/api-keys.js";
import type { DocumentedOperation } from "../http/operation.js";
import { accountObject, apiKeyObject, apiKeyWithSecret } from "../routes/accounts.js";
import { apiOperations } from "../routes/api-operations.js";
import { eventLogItem } from "../routes/event-log.js";
import { portalSessionObject } from "../routes/portal-sessions.js";
import { attemptObject, deliveryObject } from "../routes/present-delivery.js";
import type { OperationSettings } from "../routes/route-deps.js";
import { eventType } from "../routes/webhooks.js";
import { webhookObject, webhookWithSecret } from "../webhooks/present-webhook.js";
import { addDocumentation } from "./document-additions.js";
import { failure, meta, pageMeta } from "./envelope-schemas.js";
import { errorResponses, errorsOf } from "./error-responses.js";
import { parametersOf } from "./request-parameters.js";

// OpenAPI 3.1 built from the zod schemas that validate requests and shape answers, so the document
// cannot drift from what the API accepts and returns. Schemas registered below become named
// components, referenced wherever an answer contains them.

const COMPONENTS: [z.ZodType, string][] = [
  [webhookObject, "Webhook"],
  [webhookWithSecret, "WebhookWithSecret"],
  [deliveryObject, "Delivery"],
  [attemptObject, "DeliveryAttempt"],
  [eventLogItem, "Event"],
  [eventType, "EventType"],
  [accountObject, "Account"],
  [apiKeyObject, "ApiKey"],
  [apiKeyWithSecret, "ApiKeyWithSecret"],
  [portalSessionObject, "PortalSession"],
  [meta, "Meta"],
  [pageMeta, "PageMeta"],
  [failure, "Error"],
];

export interface DocumentOptions extends OperationSettings {
  version: string;
  // The API's base URL for generated clients (PUBLIC_URL, else http://localhost:PORT).
  serverUrl: string;
}

// `operations`: the list the router mounts (createApp passes it; by default the same list is built).
export function buildOpenApiDocument(
  options: DocumentOptions,
  operations: DocumentedOperation[] = apiOperations(options),
) {
  const registry = z.registry<{ id: string }>();
  for (const [schema, id] of COMPONENTS) registry.add(schema, { id });
  const schemas: Record<string, unknown> = {};
  // Output schemas name their registered parts and lift them into components.schemas.
  const toSchema = (schema: z.ZodType, io: "input" | "output") => {
    const json = z.toJSONSchema(schema, {
      target: "draft-2020-12",
      io,
      unrepresentable: "any",
      ...(io === "output" ? { metadata: registry } : {}),
    }) as Record<string, unknown>;
    const { $schema: _, $defs, ...rest } = json;
    const text = JSON.stringify(rest).replaceAll('"#/$defs/', '"#/components/schemas/');
    for (const [id, def] of Object.entries((io === "output" ? $defs : undefined) ?? {}))
      schemas[id] ??= JSON.parse(JSON.stringify(def).replaceAll('"#/$defs/', '"#/components/schemas/'));
    return JSON.parse(text);
  };

  const pathParams: Record<string, { description: string; schema: Record<string, unknown> }> = {
    id: { description: "The resource's id", schema: { type: "string", format: "uuid" } },
    account: { description: "The account's id or unique name", schema: { type: "string", maxLength: 100 } },
    key: { description: "The API key's id", schema: { type: "string", format: "uuid" } },
  };
  const accountHeader = {
    name: ACCOUNT_HEADER,
    in: "header",
    required: false,
    description: `The account to act for, by id or name: any account for a service key (scope ${SERVICE_SCOPE}; 404 when unknown), only its own for any other credential (403 otherwise). Without it a key acts for its own account.`,
    schema: { type: "string", minLength: 1, maxLength: 200 },
  };

  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const parameters = [
      ...[...op.path.matchAll(/\{(\w+)\}/g)].map(([, name = ""]) => ({
        name,
        in: "path",
        required: true,
        ...pathParams[name],
      })),
      accountHeader,
      ...parametersOf(op.headers, "header", toSchema),
      ...parametersOf(op.query, "query", toSchema),
    ];
    const path = `/v1${op.path}`;
    paths[path] ??= {};
    paths[path]![op.method] = {
      operationId: op.operationId,
      summary: op.summary,
      description: op.scope ? `Requires the scope \`${op.scope}\`.` : "With a portal session's own token.",
      security: [{ apiKey: op.scope ? [op.scope] : [] }],
      parameters,
      ...(op.body
        ? {
            requestBody: {
              required: !op.optionalBody,
              content: { "application/json": { schema: toSchema(op.documentedBody ?? op.body, "input") } },
            },
          }
        : {}),
      responses: {
        ...Object.fromEntries(
          [op.status, ...(op.alsoStatus ?? [])].map((status) => [
            status,
            {
              description: "Success",
              content: { "application/json": { schema: toSchema(op.response, "output") } },
            },
          ]),
        ),
        ...Object.fromEntries(
          errorsOf(op).map((status) => [
            status,
            { $ref: `#/components/responses/${errorResponses[status].name}` },
          ]),
        ),
      },
    };
  }
  // toSchema first: it lifts the schema itself into `schemas`, and answers with a $ref to it (assigning
  // that answer would make the component refer to itself, as Error did).
  for (const [schema, id] of COMPONENTS) {
    const built = toSchema(schema, "output");
    schemas[id] ??= built;
  }
  const openapi = {
    openapi: "3.1.0",
    info: {
      title: "Herald webhook delivery API",
      version: options.version,
      description: `Scopes: ${[...SCOPES, "*"].join(", ")}; ${SERVICE_SCOPE} marks a service key, which acts for any account named in the ${ACCOUNT_HEADER} header and manages accounts and keys ("*" does not include it). Every response uses the envelope { success, data | error, meta }.`,
    },
    servers: [{ url: options.serverUrl, description: "This Herald API" }],
    components: {
      securitySchemes: {
        apiKey: {
          type: "http",
          scheme: "bearer",
          description:
            "Authorization: Bearer hrld_sk_... (an API key) or hrld_ps_... (a portal session). Each operation lists the scope it needs.",
        },
      },
      schemas,
      responses: Object.fromEntries(
        Object.values(errorResponses).map(({ name, description, codes }) => [
          name,
          {
            description,
            content: {
              "application/json": {
                schema: {
                  allOf: [
                    { $ref: "#/components/schemas/Error" },
                    {
                      type: "object",
                      properties: { error: { type: "object", properties: { code: { enum: codes } } } },
                    },
                  ],
                },
              },
            },
          },
        ]),
      ),
    },
    paths,
  };
  return addDocumentation(openapi, options.catalog);
}
