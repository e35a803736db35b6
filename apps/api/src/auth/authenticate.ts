import type { RequestHandler, Response } from "express";
import { AppError } from "../http/app-error.js";
import { isWellFormedKey, type KeyStore, type Principal, type Scope } from "./api-keys.js";

export function authenticate(keys: KeyStore): RequestHandler {
  return async (req, res, next) => {
    const header = req.get("authorization");
    if (!header)
      throw new AppError("UNAUTHORIZED", "Authentication required: send Authorization: Bearer <API key>");
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    // The key itself never appears in an answer or a log line.
    if (!match?.[1] || !isWellFormedKey(match[1])) {
      throw new AppError("UNAUTHORIZED", "Malformed API key: expected Authorization: Bearer hrld_sk_...");
    }
    const principal = await keys.find(match[1]);
    if (!principal) throw new AppError("UNAUTHORIZED", "Unknown or revoked API key");
    res.locals.principal = principal;
    next();
  };
}

export function principalOf(res: Response): Principal {
  return res.locals.principal as Principal;
}

export function requireScope(scope: Scope): RequestHandler {
  return (_req, res, next) => {
    const { scopes } = principalOf(res);
    if (!scopes.includes(scope) && !scopes.includes("*")) {
      throw new AppError("FORBIDDEN", `This API key lacks the scope ${scope}`, {
        scope: `required: ${scope}`,
      });
    }
    next();
  };
}
