import { z } from "zod";
import { principalOf } from "../auth/authenticate.js";
import {
  createPortalSession,
  DEFAULT_PORTAL_SESSION_SECONDS,
  MAX_PORTAL_SESSION_SECONDS,
  PORTAL_RIGHTS,
} from "../auth/portal-sessions.js";
import { notFound } from "../http/app-error.js";
import { defineOperation, type Operation } from "../http/operation.js";
import { uuidOr404 } from "../http/validate.js";
import { success } from "../openapi/envelope-schemas.js";

// An origin exactly as a browser sends it: scheme, host, port when not the default; no path.
const origin = z
  .string()
  .refine(
    (value) => {
      try {
        const url = new URL(value);
        return (url.protocol === "https:" || url.protocol === "http:") && url.origin === value;
      } catch {
        return false;
      }
    },
    { message: "must be an origin such as https://app.example.com (scheme, host, optional port; no path)" },
  )
  .meta({ pattern: "^[Hh][Tt][Tt][Pp][Ss]?://[^/?#@\\s]+$" });

const portalSessionBody = z.strictObject({
  rights: z
    .enum(PORTAL_RIGHTS, { message: "must be read or manage" })
    .default("read")
    .meta({ description: "read: view only; manage: also change webhooks and retry deliveries" }),
  expires_in: z
    .number({ message: "must be a number of seconds" })
    .int({ message: "must be a whole number of seconds" })
    .min(60, { message: "must be at least 60 seconds" })
    .max(MAX_PORTAL_SESSION_SECONDS, { message: "must be at most 86400 seconds (24 h)" })
    .default(DEFAULT_PORTAL_SESSION_SECONDS)
    .meta({ description: "Seconds the session lasts (default 3600, at most 86400)" }),
  allowed_origins: z
    .array(origin)
    .max(10, { message: "at most 10 origins" })
    .default([])
    .meta({ description: "Origins whose pages may show the portal in an iframe (none by default)" }),
});

export const portalSessionObject = z.object({
  id: z.uuid(),
  url: z.string().meta({ description: "Opens the UI for this account; the token is in the fragment" }),
  rights: z.enum(PORTAL_RIGHTS),
  allowed_origins: z.array(z.string()),
  expires_at: z.iso.datetime(),
});

const present = (row: { id: string; rights: string; allowedOrigins: string[]; expiresAt: Date }) => ({
  id: row.id,
  rights: row.rights,
  allowed_origins: row.allowedOrigins,
  expires_at: row.expiresAt.toISOString(),
});

// Portal links for a producer's own customers. Only an API key mints them (webhooks:write), so a
// session cannot outlive the 24 h it was given by minting another.
export const portalSessionOperations: Operation[] = [
  defineOperation({
    method: "post",
    path: "/portal-sessions",
    operationId: "createPortalSession",
    summary:
      "A portal link: the web UI for this account only, read or manage rights, ≤ 24 h, frameable by the named origins (API keys only)",
    scope: "webhooks:write",
    apiKeyOnly: true,
    body: portalSessionBody,
    optionalBody: true,
    status: 201,
    response: success(portalSessionObject),
    async handler({ req, res, body: input }, { db: { prisma }, config }) {
      const principal = principalOf(res);
      const { row, token } = await createPortalSession(prisma, {
        accountId: principal.accountId,
        createdByKeyId: principal.keyId,
        rights: input.rights,
        seconds: input.expires_in,
        allowedOrigins: input.allowed_origins,
      });
      const base = config.PUBLIC_URL ?? `${req.protocol}://${req.get("host")}`;
      return { data: { ...present(row), url: `${base}/ui/portal/${row.id}#${token}` } };
    },
  }),
  // Ends the session everywhere within API_KEY_CACHE_TTL_MS.
  defineOperation({
    method: "delete",
    path: "/portal-sessions/{id}",
    operationId: "revokePortalSession",
    summary:
      "Revoke a portal session; every API server refuses it within seconds (the credential cache's lifetime)",
    scope: "webhooks:write",
    apiKeyOnly: true,
    status: 200,
    response: success(z.object({ id: z.uuid(), revoked: z.literal(true) })),
    async handler({ req, res }, { db: { prisma } }) {
      const { count } = await prisma.portalSession.updateMany({
        where: {
          id: uuidOr404(req.params.id, "Portal session"),
          accountId: principalOf(res).accountId,
          revokedAt: null,
        },
        data: { revokedAt: new Date() },
      });
      if (count === 0) throw notFound("Portal session");
      return { data: { id: req.params.id, revoked: true } };
    },
  }),
  // The session the caller is using: what the UI shows about its own link (rights, end).
  defineOperation({
    method: "get",
    path: "/portal-sessions/current",
    operationId: "getCurrentPortalSession",
    summary: "The portal session making the call: rights, framing origins, end (404 for an API key)",
    status: 200,
    response: success(portalSessionObject.omit({ url: true })),
    async handler({ res }, { db: { prisma } }) {
      const principal = principalOf(res);
      const row =
        principal.kind === "portal"
          ? await prisma.portalSession.findUnique({ where: { id: principal.keyId } })
          : null;
      if (!row) throw notFound("Portal session (this credential is an API key)");
      return { data: present(row) };
    },
  }),
];
