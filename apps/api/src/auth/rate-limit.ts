import type { RequestHandler, Response } from "express";
import type { Redis } from "ioredis";
import { AppError } from "../http/app-error.js";
import { principalOf } from "./authenticate.js";
import { createTokenBucket, isRefusal, type TokenBucket } from "./token-bucket.js";

// Requests per API key, counted across replicas: a bucket of RATE_LIMIT_PER_MINUTE tokens
// refilled over a minute, so a key may burst to the full minute's allowance and then goes at the
// refill rate. `undefined` (RATE_LIMIT_PER_MINUTE=0) turns it off.
export function rateLimit(bucket: TokenBucket | undefined): RequestHandler {
  return async (_req, res, next) => {
    if (!bucket) return next();
    const { keyId } = principalOf(res);
    try {
      const taken = await bucket.consume(keyId);
      res.set("RateLimit-Limit", String(bucket.capacity));
      res.set("RateLimit-Remaining", String(taken.remainingPoints));
    } catch (error) {
      if (!isRefusal(error)) throw error;
      throw refusal(res, error.msBeforeNext, `Rate limit of ${bucket.capacity} requests per minute exceeded`);
    }
    next();
  };
}

export function refusal(res: Response, msBeforeNext: number, message: string): AppError {
  const retryAfter = Math.max(1, Math.ceil(msBeforeNext / 1000));
  res.set("Retry-After", String(retryAfter));
  return new AppError("RATE_LIMITED", `${message}; retry in ${retryAfter} s`);
}

export interface ApiLimiters {
  requests: TokenBucket | undefined;
  authFailures: TokenBucket | undefined;
}

// Both buckets live under the queue prefix, so a hash-tagged prefix keeps them in one slot.
export function createApiLimiters(
  redis: Redis,
  config: { QUEUE_PREFIX: string; RATE_LIMIT_PER_MINUTE: number; AUTH_FAILURES_PER_MINUTE: number },
): ApiLimiters {
  const bucket = (name: string, perMinute: number) =>
    perMinute === 0
      ? undefined
      : createTokenBucket(redis, {
          keyPrefix: `${config.QUEUE_PREFIX}:${name}`,
          capacity: perMinute,
          windowSeconds: 60,
        });
  return {
    requests: bucket("rate", config.RATE_LIMIT_PER_MINUTE),
    authFailures: bucket("auth-failures", config.AUTH_FAILURES_PER_MINUTE),
  };
}
