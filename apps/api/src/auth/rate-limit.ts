import type { Logger } from "@herald/runtime";
import type { RequestHandler } from "express";
import type { Redis } from "ioredis";
import { AppError } from "../http/app-error.js";
import { principalOf } from "./authenticate.js";

// A fixed one-minute window per API key, counted in Redis so it holds across API replicas.
// When Redis is unreachable requests go through: ingestion must not depend on the limiter.
export function rateLimit(
  redis: Redis,
  options: { prefix: string; perMinute: number; logger: Logger },
): RequestHandler {
  return async (_req, res, next) => {
    if (options.perMinute === 0) return next();
    const { keyId } = principalOf(res);
    const window = Math.floor(Date.now() / 60_000);
    const key = `${options.prefix}:rate:${keyId}:${window}`;
    let count: number;
    try {
      const results = await redis.multi().incr(key).pexpire(key, 61_000).exec();
      count = Number(results?.[0]?.[1] ?? 0);
    } catch (error) {
      options.logger.warn({ err: error }, "rate limiter unavailable; request allowed");
      return next();
    }
    res.set("RateLimit-Limit", String(options.perMinute));
    res.set("RateLimit-Remaining", String(Math.max(0, options.perMinute - count)));
    if (count > options.perMinute) {
      const retryAfter = Math.max(1, Math.ceil(((window + 1) * 60_000 - Date.now()) / 1000));
      res.set("Retry-After", String(retryAfter));
      throw new AppError(
        "RATE_LIMITED",
        `Rate limit of ${options.perMinute} requests per minute exceeded; retry in ${retryAfter} s`,
      );
    }
    next();
  };
}
