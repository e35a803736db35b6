import type { Request } from "express";

// The matched route pattern (`/v1/webhooks/:id`), never the raw path, so metrics labels and log
// fields carry no ids. /api/v1 is the same API as /v1 and is reported as /v1.
export function routeTemplate(req: Request): string {
  const pattern = req.route?.path;
  return typeof pattern === "string" ? `${req.baseUrl.replace(/^\/api/, "")}${pattern}` : "unmatched";
}

// Probes and scrapes, every few seconds per pod: kept out of the info log and the traces.
export const OPERATIONS_PATHS: ReadonlySet<string> = new Set(["/healthz", "/readyz", "/metrics"]);
