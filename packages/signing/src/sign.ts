import { createHmac, randomBytes } from "node:crypto";

// Standard Webhooks signing (https://www.standardwebhooks.com): the signature is HMAC-SHA256
// over "{id}.{timestamp}.{body}" keyed by the base64-decoded secret after "whsec_". Node's own
// HMAC computes it (the official library's pure-JS SHA-256 cost about 3 % of the worker's CPU);
// the tests hold it equal to the library's signature, and receivers verify with
// `standardwebhooks` or `svix` unchanged.

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
  // Whole seconds, signed and sent alike.
  const seconds = String(Math.floor(timestamp.getTime() / 1000));
  const signed = `${messageId}.${seconds}.${body}`;
  return {
    "webhook-id": messageId,
    "webhook-timestamp": seconds,
    // Space-separated: verifiers accept the message if any one signature matches.
    "webhook-signature": secrets.map((secret) => `v1,${hmac(secret, signed)}`).join(" "),
  };
}

function hmac(secret: string, content: string): string {
  const key = Buffer.from(
    secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret,
    "base64",
  );
  return createHmac("sha256", key).update(content).digest("base64");
}

export { Webhook, WebhookVerificationError } from "standardwebhooks";
