import { createHash, randomBytes } from "node:crypto";
import type { PrismaClient } from "@herald/db";
import { LRUCache } from "lru-cache";

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
  // The cached answer, without any I/O: a principal, null for a key known to be unknown or
  // revoked, undefined when only Postgres can tell.
  cached(key: string): Principal | null | undefined;
  // undefined: unknown or revoked.
  find(key: string): Promise<Principal | undefined>;
}

const CACHED_KEYS = 10_000;

// Looks keys up by hash with a short in-process cache (a revoked key stops working within
// `ttlMs`), and records last_used_at at most once a minute per key rather than on every request.
// Unknown keys are cached too, in an LRU of their own: a flood of random keys costs one query
// each at most and never pushes the valid keys out.
export function createKeyStore(prisma: PrismaClient, options: { ttlMs: number }): KeyStore {
  const ttl = Math.max(options.ttlMs, 1);
  const known = new LRUCache<string, Principal>({ max: CACHED_KEYS, ttl });
  const unknown = new LRUCache<string, true>({ max: CACHED_KEYS, ttl });
  const lastUsedWritten = new LRUCache<string, number>({ max: CACHED_KEYS, ttl: 60_000 });

  const touch = (keyId: string) => {
    if (lastUsedWritten.has(keyId)) return;
    const at = Date.now();
    lastUsedWritten.set(keyId, at);
    prisma.apiKey.update({ where: { id: keyId }, data: { lastUsedAt: new Date(at) } }).catch(() => {
      lastUsedWritten.delete(keyId);
    });
  };

  const cachedByHash = (hash: string) => known.get(hash) ?? (unknown.has(hash) ? null : undefined);

  return {
    cached: (key) => (options.ttlMs === 0 ? undefined : cachedByHash(hashApiKey(key))),
    async find(key) {
      const hash = hashApiKey(key);
      let principal = options.ttlMs === 0 ? undefined : cachedByHash(hash);
      if (principal === undefined) {
        const row = await prisma.apiKey.findUnique({
          where: { keyHash: hash },
          select: { id: true, accountId: true, scopes: true, revokedAt: true },
        });
        principal =
          row && !row.revokedAt ? { keyId: row.id, accountId: row.accountId, scopes: row.scopes } : null;
        if (principal) known.set(hash, principal);
        else unknown.set(hash, true);
      }
      if (!principal) return undefined;
      touch(principal.keyId);
      return principal;
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
