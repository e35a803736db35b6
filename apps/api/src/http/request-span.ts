import {
  contextFromCarrier,
  SpanKind,
  SpanStatusCode,
  startSpan,
  trace,
  traceContext,
} from "@herald/runtime";
import type { RequestHandler } from "express";
import { OPERATIONS_PATHS, routeTemplate } from "./route-template.js";

// The request as an OpenTelemetry server span, continuing the caller's trace when it sends a
// W3C traceparent. Everything the request does (the ingest statement, the enqueue) runs inside
// it and becomes its children. Named by the route template once it is known.
export const requestSpan: RequestHandler = (req, res, next) => {
  if (OPERATIONS_PATHS.has(req.path)) return next();
  const parent = contextFromCarrier(req.headers);
  const span = startSpan(
    req.method,
    { kind: SpanKind.SERVER, attributes: { "http.request.method": req.method, "url.scheme": req.protocol } },
    parent,
  );
  // The access log line names the trace (when one is being recorded).
  if (span.isRecording()) res.locals.traceId = span.spanContext().traceId;
  res.once("close", () => {
    const route = routeTemplate(req);
    span.updateName(`${req.method} ${route}`);
    span.setAttributes({ "http.route": route, "http.response.status_code": res.statusCode });
    if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  });
  traceContext.with(trace.setSpan(parent, span), next);
};
