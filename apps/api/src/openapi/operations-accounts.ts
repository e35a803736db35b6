import { z } from "zod";
import { SERVICE_SCOPE } from "../auth/api-keys.js";
import type { DocumentedOperation } from "../http/operation.js";
import { accountBody, accountObject, apiKeyObject, apiKeyWithSecret, keyBody } from "../routes/accounts.js";
import { portalSessionBody, portalSessionObject } from "../routes/portal-sessions.js";
import { pageMeta, success } from "./envelope-schemas.js";

const pageParams = z.object({
  limit: z.number().int().min(1).max(100).default(20).meta({ description: "Page size, 1-100" }),
  cursor: z.string().optional().meta({ description: "meta.next_cursor of the previous page" }),
});

// Portal sessions, and the accounts and keys API of service keys.
export function accountOperations(): DocumentedOperation[] {
  return [
    {
      method: "post",
      path: "/portal-sessions",
      operationId: "createPortalSession",
      summary:
        "A portal link: the web UI for this account only, read or manage rights, ≤ 24 h, frameable by the named origins (API keys only)",
      scope: "webhooks:write",
      body: portalSessionBody,
      optionalBody: true,
      status: 201,
      response: success(portalSessionObject),
    },
    {
      method: "delete",
      path: "/portal-sessions/{id}",
      operationId: "revokePortalSession",
      summary: "Revoke a portal session (within API_KEY_CACHE_TTL_MS everywhere)",
      scope: "webhooks:write",
      status: 200,
      response: success(z.object({ id: z.uuid(), revoked: z.literal(true) })),
    },
    {
      method: "get",
      path: "/portal-sessions/current",
      operationId: "getCurrentPortalSession",
      summary: "The portal session making the call: rights, framing origins, end (404 for an API key)",
      status: 200,
      response: success(portalSessionObject.omit({ url: true })),
    },
    {
      method: "post",
      path: "/accounts",
      operationId: "createAccount",
      errors: ["CONFLICT"],
      summary: "Create an account (service keys only; 409 when the name is taken)",
      scope: SERVICE_SCOPE,
      body: accountBody,
      status: 201,
      response: success(accountObject),
    },
    {
      method: "get",
      path: "/accounts",
      operationId: "listAccounts",
      summary: "List accounts, newest first (service keys only)",
      scope: SERVICE_SCOPE,
      query: pageParams,
      status: 200,
      response: success(z.array(accountObject), pageMeta),
    },
    {
      method: "get",
      path: "/accounts/{account}",
      operationId: "getAccount",
      summary: "Get an account by id or name (service keys only)",
      scope: SERVICE_SCOPE,
      status: 200,
      response: success(accountObject),
    },
    {
      method: "post",
      path: "/accounts/{account}/keys",
      operationId: "createApiKey",
      summary: "Create an API key of the account; the key is in this answer only (service keys only)",
      scope: SERVICE_SCOPE,
      body: keyBody,
      status: 201,
      response: success(apiKeyWithSecret),
    },
    {
      method: "get",
      path: "/accounts/{account}/keys",
      operationId: "listApiKeys",
      summary: "List the account's API keys, newest first, revoked ones included (service keys only)",
      scope: SERVICE_SCOPE,
      query: pageParams,
      status: 200,
      response: success(z.array(apiKeyObject), pageMeta),
    },
    {
      method: "delete",
      path: "/accounts/{account}/keys/{key}",
      operationId: "revokeApiKey",
      summary: "Revoke an API key of the account (service keys only)",
      scope: SERVICE_SCOPE,
      status: 200,
      response: success(apiKeyObject),
    },
  ];
}
