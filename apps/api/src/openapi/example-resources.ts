// One realistic instance of each resource, shared by the document's examples (examples.ts) so that
// the ids in a webhook, its deliveries and their attempts agree. examples.test.ts validates every
// example against the schema it illustrates.

export const ids = {
  account: "0193a5b0-11c4-7d2e-8a41-5c0f2e9b7a10",
  webhook: "0193a5c2-7e41-7c3a-9f12-3b8e4d6a1c01",
  event: "0193a7e4-2b9c-7f10-b6d3-91a0c4e58f22",
  delivery: "0193a7e4-2b9c-7f10-b6d3-4e7f1a2b3c4d",
  apiKey: "0193a5b1-9a3e-7b61-9c27-0e4d8f1a6b35",
  portalSession: "0193a7f0-5d12-7a4b-8e9f-2c3d4e5f6a7b",
};

export const requestId = "4f1c2a9e8b7d6c5e4f3a2b1c0d9e8f7a";
export const timestamp = "2026-12-01T10:15:30.123Z";
export const meta = { timestamp, request_id: requestId };
export const pageMeta = {
  ...meta,
  limit: 20,
  has_more: true,
  next_cursor: "WyIyMDI2LTExLTMwVDE0OjA1OjEyLjQxN1oiLCIwMTkzYTVjMi03ZTQxLTdjM2EtOWYxMi0zYjhlNGQ2YTFjMDEiXQ",
};

const delivered = "2026-12-01T10:15:29.841Z";

export const webhook = {
  id: ids.webhook,
  url: "https://hooks.acme-shop.com/herald",
  events: ["product.scored", "product.synced"],
  status: "active",
  active: true,
  description: "Catalog sync receiver",
  failure_count: 0,
  last_triggered_at: delivered,
  last_used_at: delivered,
  last_success_at: delivered,
  last_failure_at: null,
  last_error: null,
  disabled_reason: null,
  headers: { "X-Receiver-Token": "[redacted]" },
  rate_limit_per_second: 50,
  max_in_flight: null,
  ordered: false,
  retry_schedule: null,
  timeout_ms: null,
  circuit: "closed",
  circuit_retry_at: null,
  created_at: "2026-11-02T09:12:44.108Z",
  updated_at: "2026-11-02T09:12:44.108Z",
};

export const secret = "whsec_zuTs2Scqmq2nWvnDgOL7WSvn+FQjqU2f4vjB2oFg5wI=";

export const eventData = { product_id: "sku-1042", score: 87, scored_by: "catalog-ranker" };

export const delivery = {
  id: ids.delivery,
  event_id: ids.event,
  webhook_id: ids.webhook,
  status: "succeeded",
  attempt_count: 2,
  next_attempt_at: null,
  last_status_code: 200,
  last_error: null,
  is_test: false,
  created_at: "2026-12-01T10:15:01.502Z",
  updated_at: delivered,
  completed_at: delivered,
};

export const attempts = [
  {
    attempt_number: 1,
    attempted_at: "2026-12-01T10:15:01.530Z",
    outcome: "http_error",
    status_code: 503,
    duration_ms: 212,
    response_body: '{"error":"receiver is restarting"}',
    error: null,
  },
  {
    attempt_number: 2,
    attempted_at: delivered,
    outcome: "success",
    status_code: 200,
    duration_ms: 48,
    response_body: '{"ok":true}',
    error: null,
  },
];

export const eventLogItem = {
  id: ids.event,
  type: "product.scored",
  created_at: "2026-12-01T10:15:01.502Z",
  idempotency_key: "score-sku-1042-2026-12-01",
  deliveries: { total: 1, pending: 0, succeeded: 1, failed: 0 },
};

export const account = { id: ids.account, name: "acme-shop", created_at: "2026-10-14T08:00:00.000Z" };

export const apiKey = {
  id: ids.apiKey,
  account_id: ids.account,
  name: "acme-shop production",
  prefix: "hrld_sk_y4b2…",
  scopes: ["events:write", "webhooks:read", "webhooks:write"],
  created_at: "2026-10-14T08:01:12.000Z",
  last_used_at: "2026-12-01T10:15:01.499Z",
  revoked_at: null,
};

export const apiKeySecret = "hrld_sk_y4b2WJ0fnzmP_13GxQYTLqfx8E3_GxHKLWZeFaMUumc";

export const portalSession = {
  id: ids.portalSession,
  url: `https://herald.acme-shop.com/ui/portal/${ids.portalSession}#hrld_ps_b5Ge_Sp4LGegMLLv3omnUK4h30nzG3u3OuucsOVMrDk`,
  rights: "manage",
  allowed_origins: ["https://app.acme-shop.com"],
  expires_at: "2026-12-01T11:15:30.000Z",
};
