import type { PrismaClient } from "@herald/db";
import { Router } from "express";
import { z } from "zod";
import {
  type AccountRow,
  createAccountKey,
  findAccount,
  presentAccount,
  presentKey,
  revokeAccountKey,
} from "../auth/accounts.js";
import { type KeyStore, SCOPES, SERVICE_SCOPE } from "../auth/api-keys.js";
import { requireScope } from "../auth/authenticate.js";
import { AppError, notFound } from "../http/app-error.js";
import { sendData } from "../http/envelope.js";
import { after, newestFirst, page, pageQuery } from "../http/pagination.js";
import { jsonBody, parseOrThrow, uuidOr404 } from "../http/validate.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const accountBody = z.strictObject({
  name: z
    .string({ message: "is required" })
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, {
      message: "must be 1 to 100 letters, digits, '.', '_' or '-', starting with a letter or digit",
    })
    .refine((name) => !UUID.test(name), { message: "must not look like an account id (a uuid)" })
    .meta({ description: "Unique; names the account in paths and the Herald-Account header" }),
});

export const keyBody = z.strictObject({
  name: z
    .string({ message: "is required" })
    .trim()
    .min(1, { message: "must not be empty" })
    .max(100, { message: "must be at most 100 characters" }),
  scopes: z
    .array(z.enum([...SCOPES, "*"], { message: `must be one of ${[...SCOPES, "*"].join(", ")}` }), {
      message: "is required",
    })
    .min(1, { message: "needs at least one scope" })
    .max(SCOPES.length + 1, { message: "lists a scope twice" })
    .refine((scopes) => new Set(scopes).size === scopes.length, { message: "lists a scope twice" })
    .meta({ description: `Account scopes; service keys (${SERVICE_SCOPE}) are made with the keys CLI only` }),
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
export function accountRoutes({ prisma, keys }: { prisma: PrismaClient; keys: KeyStore }): Router {
  const router = Router();
  router.use("/accounts", requireScope(SERVICE_SCOPE));
  const accountOf = async (value: string | string[] | undefined): Promise<AccountRow> => {
    const account = typeof value === "string" ? await findAccount(prisma, value) : null;
    if (!account) throw notFound("Account");
    return account;
  };

  router.post("/accounts", async (req, res) => {
    const { name } = parseOrThrow(accountBody, jsonBody(req));
    if (await findAccount(prisma, name))
      throw new AppError("CONFLICT", "An account of that name exists", { name: "is taken" });
    const row = await prisma.account.create({ data: { name } }).catch((error: { code?: string }) => {
      if (error.code !== "P2002") throw error;
      throw new AppError("CONFLICT", "An account of that name exists", { name: "is taken" });
    });
    sendData(res, 201, presentAccount(row));
  });

  router.get("/accounts", async (req, res) => {
    const { limit, cursor } = parseOrThrow(pageQuery, req.query);
    const rows = await prisma.account.findMany({
      where: after(cursor),
      orderBy: newestFirst,
      take: limit + 1,
    });
    const { items, meta } = page(rows, limit);
    sendData(res, 200, items.map(presentAccount), meta);
  });

  router.get("/accounts/:account", async (req, res) => {
    sendData(res, 200, presentAccount(await accountOf(req.params.account)));
  });

  router.post("/accounts/:account/keys", async (req, res) => {
    const account = await accountOf(req.params.account);
    const input = parseOrThrow(keyBody, jsonBody(req));
    const { row, key } = await createAccountKey(prisma, { accountId: account.id, ...input });
    sendData(res, 201, { ...presentKey(row), key });
  });

  router.get("/accounts/:account/keys", async (req, res) => {
    const account = await accountOf(req.params.account);
    const { limit, cursor } = parseOrThrow(pageQuery, req.query);
    const rows = await prisma.apiKey.findMany({
      where: { accountId: account.id, ...after(cursor) },
      orderBy: newestFirst,
      take: limit + 1,
    });
    const { items, meta } = page(rows, limit);
    sendData(res, 200, items.map(presentKey), meta);
  });

  // Stops the key at once in this process, everywhere within API_KEY_CACHE_TTL_MS.
  router.delete("/accounts/:account/keys/:key", async (req, res) => {
    const account = await accountOf(req.params.account);
    const revoked = await revokeAccountKey(prisma, account.id, uuidOr404(req.params.key, "API key"));
    if (!revoked) throw notFound("API key");
    keys.forget(revoked.keyHash);
    sendData(res, 200, presentKey(revoked));
  });

  return router;
}
