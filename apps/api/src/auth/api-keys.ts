import { createHash, randomBytes } from "node:crypto";
import type { PrismaClient } from "@herald/db";

export const API_KEY_PREFIX = "hrld_sk_";
export const SCOPES = [
  "webhooks:read",
  "webhooks:write",
  "events:write",
  "events:read",
  "deliveries:read",
  "deliveries:write",
] as const;
export type Scope = (typeof SCOPES)[number];

const KEY_SHAPE = new RegExp(`^${API_KEY_PREFIX}[A-Za-z0-9_-]{20,128}$`);

export function generateApiKey(): string {
  return API_KEY_PREFIX + randomBytes(32).toString("base64url");
}

// Keys are stored only as this hash; the key itself is shown once.
export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

export function isWellFormedKey(key: string): boolean {
  return KEY_SHAPE.test(key);
}

export function parseScopes(list: string): { scopes: string[]; unknown: string[] } {
  const scopes = [
    ...new Set(
      list
        .split(",")
        .map((scope) => scope.trim())
        .filter(Boolean),
    ),
  ];
  const known = new Set<string>([...SCOPES, "*"]);
  return { scopes, unknown: scopes.filter((scope) => !known.has(scope)) };
}

export interface Principal {
  keyId: string;
  accountId: string;
  scopes: readonly string[];
}

export interface KeyStore {
  // undefined: unknown or revoked.
  find(key: string): Promise<Principal | undefined>;
}

// Looks keys up by hash with a short in-process cache (a revoked key stops working within
// `ttlMs`), and records last_used_at at most once a minute per key rather than on every request.
export function createKeyStore(prisma: PrismaClient, options: { ttlMs: number }): KeyStore {
  const cache = new Map<string, { principal: Principal | undefined; expiresAt: number }>();
  const lastUsedWritten = new Map<string, number>();

  const touch = (keyId: string) => {
    const at = Date.now();
    if ((lastUsedWritten.get(keyId) ?? 0) > at - 60_000) return;
    lastUsedWritten.set(keyId, at);
    prisma.apiKey.update({ where: { id: keyId }, data: { lastUsedAt: new Date(at) } }).catch(() => {
      lastUsedWritten.delete(keyId);
    });
  };

  return {
    async find(key) {
      const hash = hashApiKey(key);
      let entry = cache.get(hash);
      if (!entry || entry.expiresAt <= Date.now()) {
        const row = await prisma.apiKey.findUnique({
          where: { keyHash: hash },
          select: { id: true, accountId: true, scopes: true, revokedAt: true },
        });
        const principal =
          row && !row.revokedAt ? { keyId: row.id, accountId: row.accountId, scopes: row.scopes } : undefined;
        if (cache.size > 10_000) cache.clear();
        entry = { principal, expiresAt: Date.now() + options.ttlMs };
        cache.set(hash, entry);
      }
      if (entry.principal) touch(entry.principal.keyId);
      return entry.principal;
    },
  };
}

// A new key for the account of that name (created when missing). The key is returned once.
export async function createKey(
  prisma: PrismaClient,
  input: { account: string; name: string; scopes: string[] },
) {
  const key = generateApiKey();
  const account = await prisma.account.upsert({
    where: { name: input.account },
    create: { name: input.account },
    update: {},
  });
  const row = await prisma.apiKey.create({
    data: {
      accountId: account.id,
      name: input.name,
      keyHash: hashApiKey(key),
      keyPrefix: key.slice(0, API_KEY_PREFIX.length + 4),
      scopes: input.scopes,
    },
  });
  return { id: row.id, key, account: account.name, account_id: account.id, scopes: row.scopes };
}
