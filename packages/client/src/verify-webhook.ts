import { Webhook } from "standardwebhooks";
import type { components } from "./generated/openapi.js";

type Schemas = components["schemas"];

// What Herald POSTs to a webhook's URL (the document's WebhookPayload): { id, type, timestamp, data },
// `id` being the event's id, the same on every attempt (dedupe on it), `data` as the producer sent it.
export type WebhookPayload<T = Record<string, unknown>> = Omit<Schemas["WebhookPayload"], "data"> & {
  data: T;
};

type HeaderBag = Headers | Record<string, string | string[] | undefined>;

const SIGNATURE_HEADERS = ["webhook-id", "webhook-timestamp", "webhook-signature"] as const;

// Checks a delivery's Standard Webhooks signature (and that its timestamp is within 5 minutes) against
// the exact bytes received, and returns the parsed payload. Throws standardwebhooks'
// WebhookVerificationError when it does not verify.
export function verifyWebhook<T = Record<string, unknown>>(
  secret: string,
  rawBody: string | Buffer | Uint8Array,
  headers: HeaderBag,
): WebhookPayload<T> {
  const read = (name: string) => {
    const value = headers instanceof Headers ? headers.get(name) : headers[name];
    return (Array.isArray(value) ? value.join(" ") : value) ?? "";
  };
  const signed = Object.fromEntries(SIGNATURE_HEADERS.map((name) => [name, read(name)]));
  const body = typeof rawBody === "string" ? rawBody : Buffer.from(rawBody);
  return new Webhook(secret).verify(body, signed) as WebhookPayload<T>;
}

export { WebhookVerificationError } from "standardwebhooks";
