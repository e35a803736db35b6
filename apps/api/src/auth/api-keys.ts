import { createHash, randomBytes } from "node:crypto";
import type { PrismaClient } from "@herald/db";
import { LRUCache } from "lru-cache";
import { createAccountKey } from "./accounts.js";
import { findPortalPrincipal, isPortalToken, PORTAL_TOKEN_PREFIX } from "./portal-sessions.js";

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
// A service key: may act for any account, naming it per request in the Herald-Account header, and
// manage accounts and their keys. Never implied by "*" (an account key with every scope).
export const SERVICE_SCOPE = "accounts:*";
export const ACCOUNT_HEADER = "Herald-Account";

const KEY_SHAPE = new RegExp(`^${API_KEY_PREFIX}[A-Za-z0-9_-]{20,128}$`);
const PORTAL_TOKEN_SHAPE = new RegExp(`^${PORTAL_TOKEN_PREFIX}[A-Za-z0-9_-]{43}$`);

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

// A Bearer credential: an API key or a portal session's token.
export function isWellFormedCredential(credential: string): boolean {
  return KEY_SHAPE.test(credential) || PORTAL_TOKEN_SHAPE.test(credential);
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
  const known = new Set<string>([...SCOPES, "*", SERVICE_SCOPE]);
  return { scopes, unknown: scopes.filter((scope) => !known.has(scope)) };
}

export interface Principal {
  // "portal": a portal session (keyId is then the session's id), which may never mint credentials.
  kind: "key" | "portal";
  keyId: string;
  accountId: string;
  scopes: readonly string[];
  // Portal sessions end at this time (ms); a cached one is never trusted past it.
  expiresAt?: number;
}

export interface KeyStore {
  // The cached answer, without any I/O: a principal, null for a key known to be unknown or
  // revoked, undefined when only Postgres can tell.
  cached(key: string): Principal | null | undefined;
  // undefined: unknown or revoked.
  find(key: string): Promise<Principal | undefined>;
  // Drops a revoked key (by its stored hash) from this process's cache at once.
  forget(keyHash: string): void;
}

const CACHED_KEYS = 10_000;

// Looks keys (and portal sessions' tokens) up by hash with a short in-process cache (a revoked key stops working within
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

  const findKey = async (hash: string): Promise<Principal | null> => {
    const row = await prisma.apiKey.findUnique({
      where: { keyHash: hash },
      select: { id: true, accountId: true, scopes: true, revokedAt: true },
    });
    return row && !row.revokedAt
      ? { kind: "key", keyId: row.id, accountId: row.accountId, scopes: row.scopes }
      : null;
  };

  return {
    cached: (key) => (options.ttlMs === 0 ? undefined : cachedByHash(hashApiKey(key))),
    async find(key) {
      const hash = hashApiKey(key);
      let principal = options.ttlMs === 0 ? undefined : cachedByHash(hash);
      if (principal === undefined) {
        principal = isPortalToken(key) ? await findPortalPrincipal(prisma, hash) : await findKey(hash);
        if (principal?.expiresAt !== undefined) {
          known.set(hash, principal, { ttl: Math.max(1, Math.min(ttl, principal.expiresAt - Date.now())) });
        } else if (principal) known.set(hash, principal);
        else unknown.set(hash, true);
      }
      if (!principal) return undefined;
      if (principal.kind === "key") touch(principal.keyId);
      return principal;
    },
    forget(keyHash) {
      known.delete(keyHash);
    },
  };
}

// A new key for the account of that name (created when missing). The key is returned once.
export async function createKey(
  prisma: PrismaClient,
  input: { account: string; name: string; scopes: string[] },
) {
  const account = await prisma.account.upsert({
    where: { name: input.account },
    create: { name: input.account },
    update: {},
  });
  const { row, key } = await createAccountKey(prisma, { accountId: account.id, ...input });
  return { id: row.id, key, account: account.name, account_id: account.id, scopes: row.scopes };
}
