import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { verifyWebhook, WebhookVerificationError } from "./verify-webhook.js";

const secret = () => `whsec_${randomBytes(32).toString("base64")}`;
const body = JSON.stringify({
  id: "evt_1",
  type: "invoice.paid",
  timestamp: "2026-12-01T00:00:00.000Z",
  data: { n: 1 },
});

function signed(secrets: string[], at = new Date()) {
  return {
    "webhook-id": "evt_1",
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": secrets.map((key) => new Webhook(key).sign("evt_1", at, body)).join(" "),
  };
}

describe("verifyWebhook", () => {
  it("returns the payload from Node's headers, fetch Headers, a string or the raw bytes", () => {
    const key = secret();
    const headers = signed([key]);
    const expected = JSON.parse(body);
    expect(verifyWebhook(key, body, headers)).toEqual(expected);
    expect(verifyWebhook(key, Buffer.from(body), new Headers(headers))).toEqual(expected);
    expect(verifyWebhook(key, new TextEncoder().encode(body), { ...headers, "x-other": ["a", "b"] })).toEqual(
      expected,
    );
  });

  it("accepts any one signature of a rotation, and nothing signed with another secret", () => {
    const [current, previous] = [secret(), secret()];
    const headers = signed([current, previous]);
    expect(verifyWebhook(previous, body, headers).id).toBe("evt_1");
    expect(() => verifyWebhook(secret(), body, headers)).toThrow(WebhookVerificationError);
  });

  it("throws for a changed body, a missing header or a timestamp ten minutes old", () => {
    const key = secret();
    expect(() => verifyWebhook(key, body.replace('"n":1', '"n":2'), signed([key]))).toThrow(
      WebhookVerificationError,
    );
    const { "webhook-signature": _, ...unsigned } = signed([key]);
    expect(() => verifyWebhook(key, body, unsigned)).toThrow(WebhookVerificationError);
    const old = signed([key], new Date(Date.now() - 10 * 60_000));
    expect(() => verifyWebhook(key, body, old)).toThrow(WebhookVerificationError);
  });
});
