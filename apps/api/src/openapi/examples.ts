import * as r from "./example-resources.js";

// An example request body (when the operation takes one) and the `data` of its success answer, per
// operationId; the document wraps `data` in the envelope. examples.test.ts checks that every
// operation has one and that each is valid against its schema.
export interface OperationExample {
  request?: unknown;
  data: unknown;
  // Where another success status answers otherwise (recover's dry run).
  dataByStatus?: Record<number, unknown>;
}

const { secret, webhook, delivery, attempts, ids } = r;

const recovered = (dryRun: boolean) => ({
  webhook_id: ids.webhook,
  since: "2026-11-30T00:00:00.000Z",
  until: "2026-12-01T00:00:00.000Z",
  dry_run: dryRun,
  recovered: 14,
  failed_deliveries: 9,
  skipped_events: 5,
});

export const operationExamples: Record<string, OperationExample> = {
  listWebhooks: { data: [webhook] },
  createWebhook: {
    request: {
      url: "https://hooks.acme-shop.com/herald",
      events: ["product.scored", "product.synced"],
      description: "Catalog sync receiver",
      headers: { "X-Receiver-Token": "rcv_3f9a1c7e52" },
      rate_limit_per_second: 50,
    },
    data: {
      ...webhook,
      secret,
      failure_count: 0,
      last_triggered_at: null,
      last_used_at: null,
      last_success_at: null,
    },
  },
  listEventTypes: {
    data: [
      { name: "product.scored", description: "A product was scored" },
      { name: "product.synced", description: "A product sync completed" },
    ],
  },
  getWebhook: { data: webhook },
  updateWebhook: {
    request: { events: ["product.scored", "product.synced", "optimization.applied"], ordered: true },
    data: {
      ...webhook,
      events: ["product.scored", "product.synced", "optimization.applied"],
      ordered: true,
      updated_at: r.timestamp,
    },
  },
  deleteWebhook: { data: { id: ids.webhook, deleted: true } },
  rotateWebhookSecret: {
    request: { grace_period_seconds: 86_400 },
    data: {
      ...webhook,
      secret: "whsec_EfKc60OKkXvEuK4n9X/ymIpQs744hS51z18gM+RRcbs=",
      previous_secret_expires_at: "2026-12-02T10:15:30.000Z",
    },
  },
  testWebhook: {
    data: {
      delivery_id: "0193a7f3-0c11-7e22-9a33-6b7c8d9e0f12",
      event_id: "0193a7f3-0c11-7e22-9a33-0a1b2c3d4e5f",
      success: true,
      outcome: "success",
      status_code: 200,
      duration_ms: 53,
      error: null,
      response_body: '{"ok":true}',
    },
  },
  recoverWebhook: {
    request: { since: "2026-11-30T00:00:00Z", until: "2026-12-01T00:00:00Z" },
    data: recovered(false),
    dataByStatus: { 200: recovered(true) },
  },
  listWebhookDeliveries: { data: [delivery] },
  sendEvent: {
    request: { type: "product.scored", data: r.eventData, id: "score-sku-1042-2026-12-01" },
    data: { id: ids.event, type: "product.scored", deliveries: 1 },
  },
  sendEventBatch: {
    request: {
      events: [
        { type: "product.scored", data: r.eventData, id: "score-sku-1042-2026-12-01" },
        { type: "product.synced", data: { product_id: "sku-1042", source: "shopify" } },
        { type: "product.scored", data: { product_id: "sku-7", score: 12 }, id: "score-sku-1042-2026-11-30" },
      ],
    },
    data: [
      { id: ids.event, type: "product.scored", deliveries: 1 },
      { id: "0193a7e4-2b9c-7f10-b6d3-91a0c4e58f23", type: "product.synced", deliveries: 1 },
      {
        error: {
          code: "CONFLICT",
          message: "This idempotency key was already used with a different request body",
          details: { idempotency_key: "already used for event 0193a2d1-4c5e-7f60-8a71-b2c3d4e5f607" },
        },
      },
    ],
  },
  listEvents: { data: [r.eventLogItem] },
  getEvent: {
    data: {
      id: ids.event,
      type: "product.scored",
      data: r.eventData,
      idempotency_key: "score-sku-1042-2026-12-01",
      created_at: "2026-12-01T10:15:01.502Z",
      deliveries: [delivery],
      deliveries_next_cursor: null,
    },
  },
  listEventDeliveries: { data: [delivery] },
  getDelivery: {
    data: { ...delivery, event_type: "product.scored", attempts, attempts_next_cursor: null },
  },
  listDeliveryAttempts: { data: attempts },
  retryDelivery: {
    data: {
      ...delivery,
      status: "pending",
      next_attempt_at: r.timestamp,
      completed_at: null,
      updated_at: r.timestamp,
    },
  },
  createPortalSession: {
    request: { rights: "manage", expires_in: 3600, allowed_origins: ["https://app.acme-shop.com"] },
    data: r.portalSession,
  },
  revokePortalSession: { data: { id: ids.portalSession, revoked: true } },
  getCurrentPortalSession: {
    data: {
      id: ids.portalSession,
      rights: "manage",
      allowed_origins: ["https://app.acme-shop.com"],
      expires_at: r.portalSession.expires_at,
    },
  },
  createAccount: { request: { name: "acme-shop" }, data: r.account },
  listAccounts: { data: [r.account] },
  getAccount: { data: r.account },
  createApiKey: {
    request: { name: "acme-shop production", scopes: ["events:write", "webhooks:read", "webhooks:write"] },
    data: { ...r.apiKey, last_used_at: null, key: r.apiKeySecret },
  },
  listApiKeys: { data: [r.apiKey] },
  revokeApiKey: { data: { ...r.apiKey, revoked_at: r.timestamp } },
};

// The error of each named error response (error-responses.ts), by HTTP status.
export const errorExamples: Record<
  number,
  { code: string; message: string; details?: Record<string, string> }
> = {
  400: { code: "BAD_REQUEST", message: "Request body is not valid JSON" },
  401: { code: "UNAUTHORIZED", message: "Unknown or revoked API key" },
  403: {
    code: "FORBIDDEN",
    message: "This API key lacks the scope webhooks:write",
    details: { scope: "required: webhooks:write" },
  },
  404: { code: "NOT_FOUND", message: "Webhook not found" },
  409: { code: "CONFLICT", message: "The webhook is disabled; enable it first" },
  413: { code: "PAYLOAD_TOO_LARGE", message: "Request body is larger than the configured limit" },
  422: {
    code: "VALIDATION_ERROR",
    message: "Validation error",
    details: { url: "must use https://", "events.0": 'unknown event type "product.exploded"' },
  },
  429: { code: "RATE_LIMITED", message: "Rate limit of 6000 requests per minute exceeded; retry in 3 s" },
  500: { code: "INTERNAL_ERROR", message: "An unexpected error occurred" },
  503: {
    code: "SERVICE_UNAVAILABLE",
    message: "The database is unavailable; nothing was changed. Retry later.",
  },
};
