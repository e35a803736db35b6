import { isDatabaseUnavailable } from "@herald/db";
import type { Logger } from "@herald/runtime";
import type { ErrorRequestHandler, RequestHandler } from "express";
import { AppError } from "./app-error.js";
import { sendError } from "./envelope.js";

// Errors from express.json(), recognised by the `type` body-parser gives them.
const BODY_ERRORS: Record<string, AppError> = {
  "entity.parse.failed": new AppError("BAD_REQUEST", "Request body is not valid JSON"),
  "entity.too.large": new AppError("PAYLOAD_TOO_LARGE", "Request body is larger than the configured limit"),
  "encoding.unsupported": new AppError("BAD_REQUEST", "Unsupported content encoding"),
  "charset.unsupported": new AppError("BAD_REQUEST", "Unsupported charset; send UTF-8 JSON"),
  "request.aborted": new AppError("BAD_REQUEST", "Request body was not received completely"),
};

export function toAppError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  const type = (error as { type?: unknown } | null)?.type;
  if (typeof type === "string" && BODY_ERRORS[type]) return BODY_ERRORS[type];
  if (isDatabaseUnavailable(error)) {
    return new AppError(
      "SERVICE_UNAVAILABLE",
      "The database is unavailable; nothing was changed. Retry later.",
    );
  }
  return undefined;
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const known = toAppError(error);
    if (known?.code === "SERVICE_UNAVAILABLE") {
      logger.warn({ requestId: res.locals.requestId, err: error }, "dependency unavailable");
    }
    if (!known) {
      logger.error(
        { requestId: res.locals.requestId, method: req.method, path: req.path, err: error },
        "unexpected error",
      );
    }
    const appError = known ?? new AppError("INTERNAL_ERROR", "An unexpected error occurred");
    if (res.headersSent) return;
    sendError(res, appError.status, appError);
  };
}

export const unknownRoute: RequestHandler = (req) => {
  throw new AppError("NOT_FOUND", `No route for ${req.method} ${req.path}`);
};
