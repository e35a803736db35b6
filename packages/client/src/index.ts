export { Herald, type HeraldOptions } from "./client.js";
export { HeraldConnectionError, HeraldError } from "./errors.js";
export type { components, operations, paths } from "./generated/openapi.js";
export { type PageFetcher, PageRequest } from "./pages.js";
export type { SendOptions } from "./resources/events.js";
export { isRetryable, type RetryOptions } from "./retry.js";
export type {
  Account,
  ApiKey,
  ApiKeyWithSecret,
  Body,
  CallOptions,
  Data,
  Delivery,
  DeliveryAttempt,
  ErrorCode,
  Event,
  EventType,
  Meta,
  OperationId,
  Page,
  PageMeta,
  PortalSession,
  Query,
  Webhook,
  WebhookWithSecret,
} from "./types.js";
export { verifyWebhook, type WebhookPayload, WebhookVerificationError } from "./verify-webhook.js";
