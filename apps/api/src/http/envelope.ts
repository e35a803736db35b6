import { randomUUID } from "node:crypto";
import type { RequestHandler, Response } from "express";

// Every answer is { success, data | error, meta: { timestamp, request_id, ... } }.

const REQUEST_ID = /^[0-9a-f]{32}$/;

// Keeps a well-formed incoming X-Request-Id, otherwise makes one; echoed on every response.
export const assignRequestId: RequestHandler = (req, res, next) => {
  const incoming = req.get("x-request-id");
  // randomUUID draws from a cached pool of random bytes; randomBytes calls OpenSSL every time.
  const id = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID().replaceAll("-", "");
  res.locals.requestId = id;
  res.set("X-Request-Id", id);
  next();
};

export function meta(res: Response, extra: Record<string, unknown> = {}) {
  return { timestamp: new Date().toISOString(), request_id: res.locals.requestId as string, ...extra };
}

export function sendData(
  res: Response,
  status: number,
  data: unknown,
  extraMeta?: Record<string, unknown>,
): void {
  res.status(status).json({ success: true, data, meta: meta(res, extraMeta) });
}

export function sendError(
  res: Response,
  status: number,
  error: { code: string; message: string; details?: Record<string, string> | undefined },
): void {
  const { code, message, details } = error;
  res.status(status).json({
    success: false,
    error: details ? { code, message, details } : { code, message },
    meta: meta(res),
  });
}
