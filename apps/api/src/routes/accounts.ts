import type { PrismaClient } from "@herald/db";
import { z } from "zod";
import {
  type AccountRow,
  createAccountKey,
  findAccount,
  presentAccount,
  presentKey,
  revokeAccountKey,
} from "../auth/accounts.js";
import { SCOPES, SERVICE_SCOPE } from "../auth/api-keys.js";
import { AppError, notFound } from "../http/app-error.js";
import { defineOperation, type Operation } from "../http/operation.js";
import { after, newestFirst, page, pageQuery } from "../http/pagination.js";
import { uuidOr404 } from "../http/validate.js";
import { pageMeta, success } from "../openapi/envelope-schemas.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const accountBody = z.strictObject({
  name: z
    .string({ message: "is required" })
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, {
      message: "must be 1 to 100 letters, digits, '.', '_' or '-', starting with a letter or digit",
    })
    .refine((name) => !UUID.test(name), { message: "must not look like an account id (a uuid)" })
    .meta({ description: "Unique; names the account in paths and the Herald-Account header" }),
});

const keyBody = z.strictObject({
  name: z
    .string({ message: "is required" })
    .trim()
    .min(1, { message: "must not be empty" })
    .max(100, { message: "must be at most 100 characters" })
    // Spaces around the name are dropped; one of spaces only is empty.
    .meta({ pattern: "\\S" }),
  scopes: z
    .array(z.enum([...SCOPES, "*"], { message: `must be one of ${[...SCOPES, "*"].join(", ")}` }), {
      message: "is required",
    })
    .min(1, { message: "needs at least one scope" })
    .max(SCOPES.length + 1, { message: "lists a scope twice" })
    .refine((scopes) => new Set(scopes).size === scopes.length, { message: "lists a scope twice" })
    .meta({
      uniqueItems: true,
      description: `Account scopes; service keys (${SERVICE_SCOPE}) are made with the keys CLI only`,
    }),
});

export const accountObject = z.object({ id: z.uuid(), name: z.string(), created_at: z.iso.datetime() });
export const apiKeyObject = z.object({
  id: z.uuid(),
  account_id: z.uuid(),
  name: z.string(),
  prefix: z.string().meta({ description: "The key's first characters, to recognise it" }),
  scopes: z.array(z.string()),
  created_at: z.iso.datetime(),
  last_used_at: z.iso.datetime().nullable(),
  revoked_at: z.iso.datetime().nullable(),
});
export const apiKeyWithSecret = apiKeyObject.extend({
  key: z.string().meta({ description: "The key itself, shown only in this answer" }),
});

// Accounts and their keys, for service keys only (scope accounts:*; "*" does not grant it).
// An account is named in paths by its id or its unique name.
export const accountOperations: Operation[] = [
  defineOperation({
    method: "post",
    path: "/accounts",
    operationId: "createAccount",
    errors: ["CONFLICT"],
    summary: "Create an account (service keys only; 409 when the name is taken)",
    scope: SERVICE_SCOPE,
    body: accountBody,
    status: 201,
    response: success(accountObject),
    async handler({ body: { name } }, { db: { prisma } }) {
      if (await findAccount(prisma, name))
        throw new AppError("CONFLICT", "An account of that name exists", { name: "is taken" });
      const row = await prisma.account.create({ data: { name } }).catch((error: { code?: string }) => {
        if (error.code !== "P2002") throw error;
        throw new AppError("CONFLICT", "An account of that name exists", { name: "is taken" });
      });
      return { data: presentAccount(row) };
    },
  }),
  defineOperation({
    method: "get",
    path: "/accounts",
    operationId: "listAccounts",
    summary: "List accounts, newest first (service keys only)",
    scope: SERVICE_SCOPE,
    query: pageQuery,
    status: 200,
    response: success(z.array(accountObject), pageMeta),
    async handler({ query: { limit, cursor } }, { db: { prisma } }) {
      const rows = await prisma.account.findMany({
        where: after(cursor),
        orderBy: newestFirst,
        take: limit + 1,
      });
      const { items, meta } = page(rows, limit);
      return { data: items.map(presentAccount), meta };
    },
  }),
  defineOperation({
    method: "get",
    path: "/accounts/{account}",
    operationId: "getAccount",
    summary: "Get an account by id or name (service keys only)",
    scope: SERVICE_SCOPE,
    status: 200,
    response: success(accountObject),
    async handler({ req }, { db: { prisma } }) {
      return { data: presentAccount(await accountOf(prisma, req.params.account)) };
    },
  }),
  defineOperation({
    method: "post",
    path: "/accounts/{account}/keys",
    operationId: "createApiKey",
    summary: "Create an API key of the account; the key is in this answer only (service keys only)",
    scope: SERVICE_SCOPE,
    body: keyBody,
    status: 201,
    response: success(apiKeyWithSecret),
    async handler({ req, body }, { db: { prisma } }) {
      const account = await accountOf(prisma, req.params.account);
      const { row, key } = await createAccountKey(prisma, { accountId: account.id, ...body });
      return { data: { ...presentKey(row), key } };
    },
  }),
  defineOperation({
    method: "get",
    path: "/accounts/{account}/keys",
    operationId: "listApiKeys",
    summary: "List the account's API keys, newest first, revoked ones included (service keys only)",
    scope: SERVICE_SCOPE,
    query: pageQuery,
    status: 200,
    response: success(z.array(apiKeyObject), pageMeta),
    async handler({ req, query: { limit, cursor } }, { db: { prisma } }) {
      const account = await accountOf(prisma, req.params.account);
      const rows = await prisma.apiKey.findMany({
        where: { accountId: account.id, ...after(cursor) },
        orderBy: newestFirst,
        take: limit + 1,
      });
      const { items, meta } = page(rows, limit);
      return { data: items.map(presentKey), meta };
    },
  }),
  // Stops the key at once in this process, everywhere within API_KEY_CACHE_TTL_MS.
  defineOperation({
    method: "delete",
    path: "/accounts/{account}/keys/{key}",
    operationId: "revokeApiKey",
    summary: "Revoke an API key of the account (service keys only)",
    scope: SERVICE_SCOPE,
    status: 200,
    response: success(apiKeyObject),
    async handler({ req }, { db: { prisma }, keys }) {
      const account = await accountOf(prisma, req.params.account);
      const revoked = await revokeAccountKey(prisma, account.id, uuidOr404(req.params.key, "API key"));
      if (!revoked) throw notFound("API key");
      keys.forget(revoked.keyHash);
      return { data: presentKey(revoked) };
    },
  }),
];

async function accountOf(prisma: PrismaClient, value: string | string[] | undefined): Promise<AccountRow> {
  const account = typeof value === "string" ? await findAccount(prisma, value) : null;
  if (!account) throw notFound("Account");
  return account;
}
