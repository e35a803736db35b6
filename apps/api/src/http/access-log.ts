import type { Logger } from "@herald/runtime";
import type { Request, RequestHandler, Response } from "express";
import { pinoHttp } from "pino-http";
import type { Principal } from "../auth/api-keys.js";
import { OPERATIONS_PATHS, routeTemplate } from "./route-template.js";

// One line per request once it is answered. Only these fields: never headers (API keys),
// query strings, bodies or raw paths.
function accessFields(req: Request, res: Response, responseTime: number) {
  const principal = res.locals.principal as Principal | undefined;
  return {
    requestId: res.locals.requestId as string,
    method: req.method,
    route: routeTemplate(req),
    status: res.statusCode,
    durationMs: responseTime,
    accountId: principal?.accountId,
    traceId: res.locals.traceId as string | undefined,
  };
}

export function accessLog(logger: Logger): RequestHandler {
  const middleware = pinoHttp<Request, Response>({
    logger,
    // assignRequestId runs first; the log line and the X-Request-Id header agree.
    genReqId: (_req, res) => res.locals.requestId as string,
    quietReqLogger: true,
    quietResLogger: true,
    customAttributeKeys: { reqId: "requestId", responseTime: "durationMs" },
    customLogLevel: (req, res) =>
      OPERATIONS_PATHS.has(req.path) ? "debug" : res.statusCode >= 500 ? "warn" : "info",
    customSuccessMessage: () => "request",
    customErrorMessage: () => "request",
    customSuccessObject: (req, res, fields: { durationMs: number }) =>
      accessFields(req, res, fields.durationMs),
    customErrorObject: (req, res, _error, fields: { durationMs: number }) =>
      accessFields(req, res, fields.durationMs),
  });
  return (req, res, next) => middleware(req, res, next);
}
