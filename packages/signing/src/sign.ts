import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";

// Standard Webhooks signing (https://www.standardwebhooks.com) with the official library:
// the signature is HMAC-SHA256 over "{id}.{timestamp}.{body}" keyed by the base64-decoded
// secret after "whsec_". Receivers verify with `standardwebhooks` or `svix` unchanged.

export const SECRET_PREFIX = "whsec_";

// "whsec_" + base64 of 32 random bytes.
export function generateSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString("base64");
}

export interface SignInput {
  // Current secret first; during a rotation grace period also the previous one.
  secrets: readonly string[];
  messageId: string;
  timestamp: Date;
  body: string;
}

export interface SignatureHeaders {
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
}

export function signatureHeaders({ secrets, messageId, timestamp, body }: SignInput): SignatureHeaders {
  if (secrets.length === 0) throw new Error("at least one secret is needed to sign");
  // The library signs with whole seconds; the header carries the same value.
  return {
    "webhook-id": messageId,
    "webhook-timestamp": String(Math.floor(timestamp.getTime() / 1000)),
    // Space-separated: verifiers accept the message if any one signature matches.
    "webhook-signature": secrets
      .map((secret) => new Webhook(secret).sign(messageId, timestamp, body))
      .join(" "),
  };
}

export { Webhook, WebhookVerificationError } from "standardwebhooks";
