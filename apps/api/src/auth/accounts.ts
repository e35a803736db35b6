// Accounts and their keys, shared by the keys CLI and the accounts API (service keys).
import type { PrismaClient } from "@herald/db";
import { API_KEY_PREFIX, generateApiKey, hashApiKey } from "./api-keys.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface AccountRow {
  id: string;
  name: string;
  createdAt: Date;
}

// An account named by its id (a uuid) or its unique name; names never look like a uuid.
export function findAccount(prisma: PrismaClient, idOrName: string): Promise<AccountRow | null> {
  return prisma.account.findUnique({ where: UUID.test(idOrName) ? { id: idOrName } : { name: idOrName } });
}

export const presentAccount = (row: AccountRow) => ({
  id: row.id,
  name: row.name,
  created_at: row.createdAt.toISOString(),
});

interface KeyRow {
  id: string;
  accountId: string;
  name: string;
  keyPrefix: string;
  scopes: string[];
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export const presentKey = (row: KeyRow) => ({
  id: row.id,
  account_id: row.accountId,
  name: row.name,
  prefix: `${row.keyPrefix}…`,
  scopes: row.scopes,
  created_at: row.createdAt.toISOString(),
  last_used_at: row.lastUsedAt?.toISOString() ?? null,
  revoked_at: row.revokedAt?.toISOString() ?? null,
});

// A new key of an account; the key itself is in the answer once and only its hash is stored.
export async function createAccountKey(
  prisma: PrismaClient,
  input: { accountId: string; name: string; scopes: string[] },
) {
  const key = generateApiKey();
  const row = await prisma.apiKey.create({
    data: {
      accountId: input.accountId,
      name: input.name,
      keyHash: hashApiKey(key),
      keyPrefix: key.slice(0, API_KEY_PREFIX.length + 4),
      scopes: input.scopes,
    },
  });
  return { row, key };
}

// Revokes a key of that account (again: its first revocation stands); undefined when it has none
// of that id. The key hash lets the caller drop it from its own key cache at once.
export async function revokeAccountKey(prisma: PrismaClient, accountId: string, id: string) {
  const key = await prisma.apiKey.findFirst({ where: { id, accountId } });
  if (!key) return undefined;
  if (key.revokedAt) return key;
  return prisma.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
}
