import type { PrismaClient } from "@herald/db";
import type { RequestHandler } from "express";
import { LRUCache } from "lru-cache";
import { AppError } from "../http/app-error.js";
import { type AccountRow, findAccount } from "./accounts.js";
import { ACCOUNT_HEADER, SERVICE_SCOPE } from "./api-keys.js";
import { principalOf } from "./authenticate.js";

const MAX_HEADER_LENGTH = 200;

// Runs right after authentication, for every /v1 route: the Herald-Account header names the
// account a request acts for. A service key (scope accounts:*) may name any account, which then
// becomes the principal's account for the whole request; without the header it acts for its own.
// Any other credential may only name its own account (403 otherwise, known account or not, so an
// account key learns nothing about other accounts). Accounts are never deleted or renamed, so a
// found one is cached.
export function actingAccount(prisma: PrismaClient): RequestHandler {
  const cache = new LRUCache<string, AccountRow>({ max: 10_000, ttl: 60_000 });
  const lookUp = async (idOrName: string) => {
    const hit = cache.get(idOrName);
    if (hit) return hit;
    const row = await findAccount(prisma, idOrName);
    if (row) cache.set(idOrName, row);
    return row ?? undefined;
  };

  return async (req, res, next) => {
    const named = req.get(ACCOUNT_HEADER);
    if (named === undefined) return next();
    const value = named.trim();
    if (!value || value.length > MAX_HEADER_LENGTH) {
      throw new AppError("VALIDATION_ERROR", `Invalid ${ACCOUNT_HEADER} header`, {
        [ACCOUNT_HEADER]: `must be an account id or name of 1 to ${MAX_HEADER_LENGTH} characters`,
      });
    }
    const principal = principalOf(res);
    const account = await lookUp(value);
    if (account?.id === principal.accountId) return next();
    if (!principal.scopes.includes(SERVICE_SCOPE)) {
      throw new AppError(
        "FORBIDDEN",
        `Only a service key (scope ${SERVICE_SCOPE}) may name another account in ${ACCOUNT_HEADER}`,
        { [ACCOUNT_HEADER]: "not this credential's account" },
      );
    }
    if (!account) throw new AppError("NOT_FOUND", `Account named in ${ACCOUNT_HEADER} not found`);
    // A copy: the cached principal stays the key's own.
    res.locals.principal = { ...principal, accountId: account.id };
    next();
  };
}
