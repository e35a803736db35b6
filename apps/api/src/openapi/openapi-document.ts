import { z } from "zod";
import { ACCOUNT_HEADER, SCOPES, SERVICE_SCOPE } from "../auth/api-keys.js";
import { eventBody } from "../events/event-body.js";
import type { EventCatalog } from "../events/event-catalog.js";
import { accountBody, accountObject, apiKeyObject, apiKeyWithSecret, keyBody } from "../routes/accounts.js";
import { eventLogItem, INLINE_LIMIT } from "../routes/event-log.js";
import { portalSessionBody, portalSessionObject } from "../routes/portal-sessions.js";
import { attemptObject as attempt, deliveryObject as delivery } from "../routes/present-delivery.js";
import { recoverBody, recoverResult } from "../routes/recover.js";
import type { PolicyLimits } from "../webhooks/delivery-policy.js";
import { webhookObject, webhookWithSecret } from "../webhooks/present-webhook.js";
import { type UrlPolicy, webhookBodies } from "../webhooks/webhook-schemas.js";
import { failure, pageMeta, success } from "./envelope-schemas.js";

// OpenAPI 3.1 built from the zod schemas that validate requests, so the document cannot drift
// from what the API accepts.

const toSchema = (schema: z.ZodType, io: "input" | "output") =>
  z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" });

interface Operation {
  method: "get" | "post" | "patch" | "delete";
  path: string;
  summary: string;
  // Unset: no scope, the credential itself decides (a portal session's own details).
  scope?: string;
  body?: z.ZodType;
  // Bodies are required unless marked optional.
  optionalBody?: boolean;
  query?: Record<string, { schema: z.ZodType; description: string }>;
  status: number;
  response: z.ZodType;
}

export function buildOpenApiDocument(options: {
  catalog: EventCatalog;
  urlPolicy: UrlPolicy;
  policyLimits: PolicyLimits;
  version: string;
}) {
  const bodies = webhookBodies(options.urlPolicy, options.catalog, options.policyLimits);
  const wrapped = (schema: z.ZodType) => z.union([schema, z.object({ webhook: schema })]);
  const pageParams = {
    limit: { schema: z.number().int().min(1).max(100).default(20), description: "Page size, 1-100" },
    cursor: { schema: z.string(), description: "meta.next_cursor of the previous page" },
  };
  const operations: Operation[] = [
    {
      method: "get",
      path: "/v1/webhooks",
      summary: "List webhooks",
      scope: "webhooks:read",
      query: pageParams,
      status: 200,
      response: success(z.array(webhookObject), pageMeta),
    },
    {
      method: "post",
      path: "/v1/webhooks",
      summary: "Create a webhook (body wrapped in `webhook` or not); 422 past MAX_WEBHOOKS_PER_ACCOUNT",
      scope: "webhooks:write",
      body: wrapped(bodies.create),
      status: 201,
      response: success(webhookWithSecret),
    },
    {
      method: "get",
      path: "/v1/webhooks/events",
      summary: "List the event catalog",
      scope: "webhooks:read",
      status: 200,
      response: success(z.array(z.object({ name: z.string(), description: z.string() }))),
    },
    {
      method: "get",
      path: "/v1/webhooks/{id}",
      summary: "Get a webhook",
      scope: "webhooks:read",
      status: 200,
      response: success(webhookObject),
    },
    {
      method: "patch",
      path: "/v1/webhooks/{id}",
      summary: "Update a webhook; only given fields change",
      scope: "webhooks:write",
      body: wrapped(bodies.update),
      status: 200,
      response: success(webhookObject),
    },
    {
      method: "delete",
      path: "/v1/webhooks/{id}",
      summary: "Delete a webhook; its pending deliveries stop",
      scope: "webhooks:write",
      status: 200,
      response: success(z.object({ id: z.uuid(), deleted: z.literal(true) })),
    },
    {
      method: "post",
      path: "/v1/webhooks/{id}/rotate-secret",
      summary:
        "Rotate the signing secret (returned once); with a grace period every earlier secret signs until its own expiry (at most 4, else 409)",
      scope: "webhooks:write",
      body: bodies.rotate,
      optionalBody: true,
      status: 200,
      response: success(
        webhookWithSecret.extend({ previous_secret_expires_at: z.iso.datetime().nullable() }),
      ),
    },
    {
      method: "post",
      path: "/v1/webhooks/{id}/test",
      summary:
        "Send a signed webhook.test event now and report the attempt; 429 while an in-flight cap is full",
      scope: "webhooks:write",
      status: 200,
      response: success(
        z.object({
          delivery_id: z.uuid(),
          event_id: z.uuid(),
          success: z.boolean(),
          outcome: attempt.shape.outcome,
          status_code: z.number().int().nullable(),
          duration_ms: z.number().int(),
          error: z.string().nullable(),
          response_body: z.string().nullable(),
        }),
      ),
    },
    {
      method: "post",
      path: "/v1/webhooks/{id}/recover",
      summary:
        "Re-send, for events created in [since, until), the failed deliveries and the events skipped while the webhook was disabled (202); with dry_run only count them (200)",
      scope: "webhooks:write",
      body: recoverBody,
      status: 202,
      response: success(recoverResult),
    },
    {
      method: "get",
      path: "/v1/webhooks/{id}/deliveries",
      summary: "List a webhook's deliveries",
      scope: "deliveries:read",
      query: {
        ...pageParams,
        status: { schema: delivery.shape.status, description: "Only deliveries in this state" },
        since: { schema: z.iso.datetime({ offset: true }), description: "Deliveries created at or after" },
        until: { schema: z.iso.datetime({ offset: true }), description: "Deliveries created before" },
      },
      status: 200,
      response: success(z.array(delivery), pageMeta),
    },
    {
      method: "post",
      path: "/v1/events",
      summary: "Ingest an event (Idempotency-Key header or `id` dedupes)",
      scope: "events:write",
      body: eventBody(options.catalog),
      status: 202,
      response: success(z.object({ id: z.uuid(), type: z.string(), deliveries: z.number().int() })),
    },
    {
      method: "get",
      path: "/v1/events",
      summary: "The event log: the account's events, newest first, with delivery counts",
      scope: "events:read",
      query: {
        ...pageParams,
        type: {
          schema: z.array(z.string()),
          description: "Only these event types (repeat the parameter or separate with commas)",
        },
        since: { schema: z.iso.datetime({ offset: true }), description: "Events created at or after" },
        until: { schema: z.iso.datetime({ offset: true }), description: "Events created before" },
      },
      status: 200,
      response: success(z.array(eventLogItem), pageMeta),
    },
    {
      method: "get",
      path: "/v1/events/{id}",
      summary: `Get an event, its data exactly as sent, and its first ${INLINE_LIMIT} deliveries`,
      scope: "events:read",
      status: 200,
      response: success(
        z.object({
          id: z.uuid(),
          type: z.string(),
          data: z.record(z.string(), z.unknown()),
          idempotency_key: z.string().nullable(),
          created_at: z.iso.datetime(),
          deliveries: z.array(delivery).max(INLINE_LIMIT),
          deliveries_next_cursor: z
            .string()
            .nullable()
            .meta({ description: "More deliveries: GET /v1/events/{id}/deliveries?cursor=..." }),
        }),
      ),
    },
    {
      method: "get",
      path: "/v1/events/{id}/deliveries",
      summary: "An event's deliveries, oldest first",
      scope: "events:read",
      query: pageParams,
      status: 200,
      response: success(z.array(delivery), pageMeta),
    },
    {
      method: "get",
      path: "/v1/deliveries/{id}",
      summary: `Get a delivery with its first ${INLINE_LIMIT} attempts`,
      scope: "deliveries:read",
      status: 200,
      response: success(
        delivery.extend({
          event_type: z.string().nullable(),
          attempts: z.array(attempt).max(INLINE_LIMIT),
          attempts_next_cursor: z
            .string()
            .nullable()
            .meta({ description: "More attempts: GET /v1/deliveries/{id}/attempts?cursor=..." }),
        }),
      ),
    },
    {
      method: "get",
      path: "/v1/deliveries/{id}/attempts",
      summary: "A delivery's attempts, oldest first",
      scope: "deliveries:read",
      query: pageParams,
      status: 200,
      response: success(z.array(attempt), pageMeta),
    },
    {
      method: "post",
      path: "/v1/deliveries/{id}/retry",
      summary: "Deliver again now, whatever the state (after an attempt in flight, if any)",
      scope: "deliveries:write",
      status: 202,
      response: success(delivery),
    },
    {
      method: "post",
      path: "/v1/portal-sessions",
      summary:
        "A portal link: the web UI for this account only, read or manage rights, ≤ 24 h, frameable by the named origins (API keys only)",
      scope: "webhooks:write",
      body: portalSessionBody,
      optionalBody: true,
      status: 201,
      response: success(portalSessionObject),
    },
    {
      method: "delete",
      path: "/v1/portal-sessions/{id}",
      summary: "Revoke a portal session (within API_KEY_CACHE_TTL_MS everywhere)",
      scope: "webhooks:write",
      status: 200,
      response: success(z.object({ id: z.uuid(), revoked: z.literal(true) })),
    },
    {
      method: "get",
      path: "/v1/portal-sessions/current",
      summary: "The portal session making the call: rights, framing origins, end (404 for an API key)",
      status: 200,
      response: success(portalSessionObject.omit({ url: true })),
    },
    {
      method: "post",
      path: "/v1/accounts",
      summary: "Create an account (service keys only; 409 when the name is taken)",
      scope: SERVICE_SCOPE,
      body: accountBody,
      status: 201,
      response: success(accountObject),
    },
    {
      method: "get",
      path: "/v1/accounts",
      summary: "List accounts, newest first (service keys only)",
      scope: SERVICE_SCOPE,
      query: pageParams,
      status: 200,
      response: success(z.array(accountObject), pageMeta),
    },
    {
      method: "get",
      path: "/v1/accounts/{account}",
      summary: "Get an account by id or name (service keys only)",
      scope: SERVICE_SCOPE,
      status: 200,
      response: success(accountObject),
    },
    {
      method: "post",
      path: "/v1/accounts/{account}/keys",
      summary: "Create an API key of the account; the key is in this answer only (service keys only)",
      scope: SERVICE_SCOPE,
      body: keyBody,
      status: 201,
      response: success(apiKeyWithSecret),
    },
    {
      method: "get",
      path: "/v1/accounts/{account}/keys",
      summary: "List the account's API keys, newest first, revoked ones included (service keys only)",
      scope: SERVICE_SCOPE,
      query: pageParams,
      status: 200,
      response: success(z.array(apiKeyObject), pageMeta),
    },
    {
      method: "delete",
      path: "/v1/accounts/{account}/keys/{key}",
      summary: "Revoke an API key of the account (service keys only)",
      scope: SERVICE_SCOPE,
      status: 200,
      response: success(apiKeyObject),
    },
  ];

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
      ...(op.path === "/v1/events" && op.method === "post"
        ? [
            {
              name: "Idempotency-Key",
              in: "header",
              required: false,
              schema: { type: "string", maxLength: 255 },
            },
          ]
        : []),
      ...Object.entries(op.query ?? {}).map(([name, { schema, description }]) => ({
        name,
        in: "query",
        required: false,
        description,
        schema: toSchema(schema, "input"),
      })),
    ];
    paths[op.path] ??= {};
    paths[op.path]![op.method] = {
      summary: op.summary,
      description: op.scope ? `Requires the scope \`${op.scope}\`.` : "With a portal session's own token.",
      security: [{ apiKey: [] }],
      ...(parameters.length ? { parameters } : {}),
      ...(op.body
        ? {
            requestBody: {
              required: !op.optionalBody,
              content: { "application/json": { schema: toSchema(op.body, "input") } },
            },
          }
        : {}),
      responses: {
        [op.status]: {
          description: "Success",
          content: { "application/json": { schema: toSchema(op.response, "output") } },
        },
        default: {
          description: "Error in the seed envelope",
          content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
        },
      },
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Herald webhook delivery API",
      version: options.version,
      description: `Scopes: ${[...SCOPES, "*"].join(", ")}; ${SERVICE_SCOPE} marks a service key, which acts for any account named in the ${ACCOUNT_HEADER} header and manages accounts and keys ("*" does not include it). Every response uses the envelope { success, data | error, meta }.`,
    },
    servers: [{ url: "/" }],
    components: {
      securitySchemes: {
        apiKey: { type: "http", scheme: "bearer", description: "Authorization: Bearer hrld_sk_..." },
      },
      schemas: { Error: toSchema(failure, "output") },
    },
    paths,
  };
}
