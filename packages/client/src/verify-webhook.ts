import { Webhook } from "standardwebhooks";

// What Herald POSTs to a webhook's URL: the event, signed with the webhook's secret.
export interface WebhookPayload<T = Record<string, unknown>> {
  // The event's id, also in the webhook-id header (stable across retries: dedupe on it).
  id: string;
  type: string;
  // ISO-8601, when the event was accepted.
  timestamp: string;
  data: T;
}

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
