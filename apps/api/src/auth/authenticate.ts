import type { RequestHandler, Response } from "express";
import { AppError } from "../http/app-error.js";
import {
  isWellFormedCredential,
  type KeyStore,
  type Principal,
  type Scope,
  SERVICE_SCOPE,
} from "./api-keys.js";
import { isPortalToken } from "./portal-sessions.js";
import { refusal } from "./rate-limit.js";
import { isRefusal, type TokenBucket } from "./token-bucket.js";

// Runs before the body is read. Every failed authentication takes a token from the client
// address's bucket (AUTH_FAILURES_PER_MINUTE); an empty bucket answers 429 before Postgres is
// asked, so guessing keys costs the guesser, not the database. A key already cached as valid
// is never held up by its address's failures.
export function authenticate(keys: KeyStore, failures: TokenBucket | undefined): RequestHandler {
  const charge = async (res: Response, address: string) => {
    try {
      await failures?.consume(address);
    } catch (error) {
      if (!isRefusal(error)) throw error;
      throw refusal(res, error.msBeforeNext, "Too many failed authentications from this address");
    }
  };

  return async (req, res, next) => {
    const address = req.ip ?? req.socket.remoteAddress ?? "unknown";
    const header = req.get("authorization");
    if (!header) {
      await charge(res, address);
      throw new AppError("UNAUTHORIZED", "Authentication required: send Authorization: Bearer <API key>");
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    // The key itself never appears in an answer or a log line.
    if (!match?.[1] || !isWellFormedCredential(match[1])) {
      await charge(res, address);
      throw new AppError(
        "UNAUTHORIZED",
        "Malformed API key: expected Authorization: Bearer hrld_sk_... (or a portal session's hrld_ps_...)",
      );
    }
    const cached = keys.cached(match[1]);
    let principal = cached ?? undefined;
    if (cached === undefined) {
      // Charged up front, so a client out of tokens gets no query; refunded when the key is good.
      await charge(res, address);
      principal = await keys.find(match[1]);
      if (principal) failures?.reward(address).catch(() => undefined);
    } else if (cached === null) {
      await charge(res, address);
    }
    // A cached portal session is never trusted past its end.
    if (!principal || (principal.expiresAt !== undefined && principal.expiresAt <= Date.now())) {
      throw new AppError(
        "UNAUTHORIZED",
        isPortalToken(match[1]) ? "Unknown, revoked or expired portal session" : "Unknown or revoked API key",
      );
    }
    res.locals.principal = principal;
    next();
  };
}

export function principalOf(res: Response): Principal {
  return res.locals.principal as Principal;
}

// "*" grants every account scope but never the service scope accounts:*.
export function requireScope(scope: Scope | typeof SERVICE_SCOPE): RequestHandler {
  return (_req, res, next) => {
    const { scopes } = principalOf(res);
    if (!scopes.includes(scope) && (scope === SERVICE_SCOPE || !scopes.includes("*"))) {
      const holder = principalOf(res).kind === "portal" ? "portal session" : "API key";
      throw new AppError("FORBIDDEN", `This ${holder} lacks the scope ${scope}`, {
        scope: `required: ${scope}`,
      });
    }
    next();
  };
}

// Credentials are minted only with an API key: a portal session cannot extend itself.
export const requireApiKey: RequestHandler = (_req, res, next) => {
  if (principalOf(res).kind !== "key")
    throw new AppError("FORBIDDEN", "A portal session cannot do this; use an API key");
  next();
};
