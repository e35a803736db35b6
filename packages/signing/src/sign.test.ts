import { Webhook as SvixWebhook } from "svix";
import { describe, expect, it } from "vitest";
import { generateSecret, signatureHeaders, Webhook } from "./sign.js";

const body = JSON.stringify({
  id: "evt",
  type: "product.scored",
  timestamp: "2026-01-01T00:00:00.000Z",
  data: { a: 1 },
});

describe("signatureHeaders", () => {
  it("produces headers both official verifiers accept", () => {
    const secret = generateSecret();
    const headers = signatureHeaders({ secrets: [secret], messageId: "msg-1", timestamp: new Date(), body });
    expect(headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(new Webhook(secret).verify(body, { ...headers })).toEqual(JSON.parse(body));
    const svixHeaders = {
      "svix-id": headers["webhook-id"],
      "svix-timestamp": headers["webhook-timestamp"],
      "svix-signature": headers["webhook-signature"],
    };
    expect(new SvixWebhook(secret).verify(body, svixHeaders)).toEqual(JSON.parse(body));
  });

  it("signs with every secret during a rotation, each verifying on its own", () => {
    const [current, previous] = [generateSecret(), generateSecret()];
    const headers = signatureHeaders({
      secrets: [current, previous],
      messageId: "m",
      timestamp: new Date(),
      body,
    });
    expect(headers["webhook-signature"].split(" ")).toHaveLength(2);
    for (const secret of [current, previous])
      expect(() => new Webhook(secret).verify(body, { ...headers })).not.toThrow();
    expect(() => new Webhook(generateSecret()).verify(body, { ...headers })).toThrow();
  });

  it("is rejected when the body changes", () => {
    const secret = generateSecret();
    const headers = signatureHeaders({ secrets: [secret], messageId: "m", timestamp: new Date(), body });
    expect(() => new Webhook(secret).verify(body.replace("1", "2"), { ...headers })).toThrow();
  });

  it("signs exactly as the official library does, for any body", () => {
    const secrets = [generateSecret(), generateSecret()];
    const timestamp = new Date("2026-12-01T10:11:12.999Z");
    const bodies = [
      "",
      body,
      '{"emoji":"\u{1F600}","accents":"\u00e9\u00e8","cjk":"\u4e2d"}',
      `{"lone":"\ud800 surrogate"}`,
      ` {"spaced" : [1, 2.50, 12345678901234567890]} \n`,
      JSON.stringify({ big: "x".repeat(300_000) }),
    ];
    for (const signedBody of bodies) {
      const headers = signatureHeaders({ secrets, messageId: "msg_2Lx", timestamp, body: signedBody });
      const library = secrets.map((secret) => new Webhook(secret).sign("msg_2Lx", timestamp, signedBody));
      expect(headers["webhook-signature"]).toBe(library.join(" "));
      expect(headers["webhook-timestamp"]).toBe("1796119872"); // 10:11:12.999 floored to the second;
    }
  });

  it("generates whsec_ secrets of 32 random bytes", () => {
    const secret = generateSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice(6), "base64")).toHaveLength(32);
    expect(generateSecret()).not.toBe(secret);
  });
});
