import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

// Webhook signing secrets at rest: AES-256-GCM under the operator's SECRET_ENCRYPTION_KEY.
// Format: "v1.<iv>.<tag>.<ciphertext>", base64url parts. The version is authenticated too
// (additional data), so a later format cannot be confused with this one.
const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

export class SecretBoxError extends Error {
  override name = "SecretBoxError";
}

export interface SecretBox {
  encrypt(plaintext: string): string;
  decrypt(ciphertext: string): string;
}

export function createSecretBox(keyBase64: string): SecretBox {
  const key = decodeKey(keyBase64);
  const aad = Buffer.from(VERSION, "utf8");

  return {
    encrypt(plaintext) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(aad);
      const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      return [VERSION, iv, cipher.getAuthTag(), body].map(encodePart).join(".");
    },

    decrypt(ciphertext) {
      const parts = ciphertext.split(".");
      if (parts.length !== 4 || parts[0] !== VERSION) {
        throw new SecretBoxError(`encrypted secret is not in the ${VERSION} format`);
      }
      const [iv, tag, body] = parts.slice(1).map((part) => Buffer.from(part, "base64url"));
      if (!iv || !tag || !body || iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
        throw new SecretBoxError(`encrypted secret is not in the ${VERSION} format`);
      }
      try {
        const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
        decipher.setAAD(aad);
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(body), decipher.final()]).toString("utf8");
      } catch {
        // GCM cannot tell a wrong key from a modified ciphertext; neither reveals anything.
        throw new SecretBoxError(
          "cannot decrypt secret: wrong SECRET_ENCRYPTION_KEY or corrupted ciphertext",
        );
      }
    },
  };
}

function encodePart(part: string | Buffer): string {
  return typeof part === "string" ? part : part.toString("base64url");
}

function decodeKey(keyBase64: string): Buffer {
  const trimmed = keyBase64.trim();
  // Buffer.from(..., "base64") silently skips junk, so check the alphabet first.
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) {
    throw new SecretBoxError(
      `SECRET_ENCRYPTION_KEY must be base64 of ${KEY_BYTES} bytes (it is not valid base64)`,
    );
  }
  const key = Buffer.from(trimmed, "base64");
  if (key.length !== KEY_BYTES) {
    throw new SecretBoxError(
      `SECRET_ENCRYPTION_KEY must be base64 of ${KEY_BYTES} bytes (it decodes to ${key.length})`,
    );
  }
  return key;
}
