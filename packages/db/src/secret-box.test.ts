import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createSecretBox, SecretBoxError } from "./secret-box.js";

const key = randomBytes(32).toString("base64");
const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

function flipCharAt(text: string, index: number): string {
  const char = text[index] === "A" ? "B" : "A";
  return text.slice(0, index) + char + text.slice(index + 1);
}

describe("createSecretBox", () => {
  it("round-trips a secret in the versioned compact format without exposing it", () => {
    const box = createSecretBox(key);
    const sealed = box.encrypt(secret);
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain(secret.slice(6));
    expect(box.decrypt(sealed)).toBe(secret);
  });

  it("uses a fresh IV each time", () => {
    const box = createSecretBox(key);
    expect(box.encrypt(secret)).not.toBe(box.encrypt(secret));
  });

  it("accepts the key in base64url and with surrounding whitespace", () => {
    const raw = randomBytes(32);
    const sealed = createSecretBox(raw.toString("base64url")).encrypt(secret);
    expect(createSecretBox(` ${raw.toString("base64")}\n`).decrypt(sealed)).toBe(secret);
  });

  it("fails loudly on a tampered ciphertext, tag or IV", () => {
    const box = createSecretBox(key);
    const sealed = box.encrypt(secret);
    const [version, iv, tag, body] = sealed.split(".") as [string, string, string, string];
    const tampered = [
      [version, iv, tag, flipCharAt(body, 0)],
      [version, iv, flipCharAt(tag, 3), body],
      [version, flipCharAt(iv, 5), tag, body],
    ].map((parts) => parts.join("."));
    for (const candidate of tampered) {
      expect(() => box.decrypt(candidate)).toThrow(SecretBoxError);
    }
  });

  it("fails loudly under the wrong key, without leaking the plaintext", () => {
    const sealed = createSecretBox(key).encrypt(secret);
    const other = createSecretBox(randomBytes(32).toString("base64"));
    let message = "";
    try {
      other.decrypt(sealed);
    } catch (error) {
      expect(error).toBeInstanceOf(SecretBoxError);
      message = (error as Error).message;
    }
    expect(message).toMatch(/wrong SECRET_ENCRYPTION_KEY/);
    expect(message).not.toContain(secret);
  });

  it("rejects values that are not in the v1 format", () => {
    const box = createSecretBox(key);
    for (const bad of ["", secret, "v2.a.b.c", "v1.only.three", `v1.${"A".repeat(16)}.short.AAAA`]) {
      expect(() => box.decrypt(bad)).toThrow(SecretBoxError);
    }
  });

  it("rejects keys that are not 32 bytes without echoing them", () => {
    const cases = [
      randomBytes(16).toString("base64"),
      randomBytes(33).toString("base64"),
      "not base64 at all!",
    ];
    for (const badKey of cases) {
      let message = "";
      try {
        createSecretBox(badKey);
      } catch (error) {
        expect(error).toBeInstanceOf(SecretBoxError);
        message = (error as Error).message;
      }
      expect(message).toMatch(/SECRET_ENCRYPTION_KEY must be base64 of 32 bytes/);
      expect(message).not.toContain(badKey);
    }
  });
});
