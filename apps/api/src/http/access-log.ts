import type { Logger } from "@herald/runtime";
import type { Request, RequestHandler, Response } from "express";
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

// Written by hand rather than with pino-http, which made two child loggers per request (a few
// per cent of the API's CPU per event in bench/ingest-focus.ts) for fields we replace anyway.
export function accessLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const startedAt = Date.now();
    const answered = () => {
      res.off("close", answered);
      res.off("finish", answered);
      res.off("error", answered);
      const level = OPERATIONS_PATHS.has(req.path) ? "debug" : res.statusCode >= 500 ? "warn" : "info";
      if (logger.isLevelEnabled(level))
        logger[level](accessFields(req, res, Date.now() - startedAt), "request");
    };
    res.on("close", answered);
    res.on("finish", answered);
    res.on("error", answered);
    next();
  };
}
