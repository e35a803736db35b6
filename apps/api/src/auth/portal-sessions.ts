import { randomBytes } from "node:crypto";
import type { PrismaClient } from "@herald/db";
import { hashApiKey, type Principal, type Scope } from "./api-keys.js";

// A portal session is a credential like an API key, looked up by the same store and checked by
// the same scope middleware: its rights become scopes. Its token travels only in the portal
// link's fragment (never sent to a server, never in a Referer) and then as a Bearer token.
export const PORTAL_TOKEN_PREFIX = "hrld_ps_";
export const PORTAL_RIGHTS = ["read", "manage"] as const;
export type PortalRights = (typeof PORTAL_RIGHTS)[number];

const READ_SCOPES: Scope[] = ["webhooks:read", "deliveries:read", "events:read"];
// manage: what the UI can do to webhooks and deliveries; never ingesting events, never minting keys
// or further portal sessions (requireApiKey).
const MANAGE_SCOPES: Scope[] = [...READ_SCOPES, "webhooks:write", "deliveries:write"];

export const MAX_PORTAL_SESSION_SECONDS = 24 * 3600;
export const DEFAULT_PORTAL_SESSION_SECONDS = 3600;

export function scopesOfRights(rights: PortalRights): Scope[] {
  return rights === "manage" ? MANAGE_SCOPES : READ_SCOPES;
}

export function generatePortalToken(): string {
  return PORTAL_TOKEN_PREFIX + randomBytes(32).toString("base64url");
}

export function isPortalToken(credential: string): boolean {
  return credential.startsWith(PORTAL_TOKEN_PREFIX);
}

// The session's principal, or null when unknown, revoked or expired.
export async function findPortalPrincipal(prisma: PrismaClient, hash: string): Promise<Principal | null> {
  const row = await prisma.portalSession.findUnique({
    where: { tokenHash: hash },
    select: { id: true, accountId: true, rights: true, expiresAt: true, revokedAt: true },
  });
  if (!row || row.revokedAt || row.expiresAt.getTime() <= Date.now()) return null;
  return {
    kind: "portal",
    keyId: row.id,
    accountId: row.accountId,
    scopes: scopesOfRights(row.rights),
    expiresAt: row.expiresAt.getTime(),
  };
}

export async function createPortalSession(
  prisma: PrismaClient,
  input: {
    accountId: string;
    createdByKeyId: string;
    rights: PortalRights;
    seconds: number;
    allowedOrigins: string[];
  },
) {
  const token = generatePortalToken();
  const row = await prisma.portalSession.create({
    data: {
      accountId: input.accountId,
      createdByKeyId: input.createdByKeyId,
      tokenHash: hashApiKey(token),
      rights: input.rights,
      allowedOrigins: input.allowedOrigins,
      expiresAt: new Date(Date.now() + input.seconds * 1000),
    },
  });
  return { row, token };
}

// Origins allowed to frame /ui/portal/{id}: the session's, while it is active.
export async function framingOrigins(prisma: PrismaClient, id: string): Promise<string[]> {
  const row = await prisma.portalSession.findUnique({
    where: { id },
    select: { allowedOrigins: true, expiresAt: true, revokedAt: true },
  });
  if (!row || row.revokedAt || row.expiresAt.getTime() <= Date.now()) return [];
  return row.allowedOrigins;
}
