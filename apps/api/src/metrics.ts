import { createMetricsRegistry } from "@herald/runtime";
import type { RequestHandler } from "express";
import { Counter, Histogram } from "prom-client";
import { routeTemplate } from "./http/route-template.js";

export type ApiMetrics = ReturnType<typeof createApiMetrics>;

// Names and meanings are documented in docs/metrics.md; the dashboard and alerts use them.
export function createApiMetrics(eventTypes: readonly string[]) {
  const registry = createMetricsRegistry("api");
  const labelNames = ["method", "route", "status"] as const;
  const requests = new Counter({
    name: "herald_http_requests_total",
    help: "HTTP requests answered, by route pattern and status code",
    labelNames,
    registers: [registry],
  });
  const duration = new Histogram({
    name: "herald_http_request_duration_seconds",
    help: "HTTP request duration from arrival to response finish",
    labelNames,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const eventsIngested = new Counter({
    name: "herald_events_ingested_total",
    help: "Events accepted by POST /v1/events (idempotent replays not counted again)",
    labelNames: ["type"] as const,
    registers: [registry],
  });
  const enqueueFailures = new Counter({
    name: "herald_enqueue_failures_total",
    help: "Times committed deliveries could not be added to the queue (the sweeper enqueues them later)",
    registers: [registry],
  });

  // Series start at zero, so Prometheus sees the first increase (rate() needs two samples).
  for (const type of eventTypes) eventsIngested.inc({ type }, 0);
  enqueueFailures.inc(0);

  // Route patterns, never raw paths, so ids do not become label values.
  const observe: RequestHandler = (req, res, next) => {
    const end = duration.startTimer();
    res.once("finish", () => {
      const labels = { method: req.method, route: routeTemplate(req), status: String(res.statusCode) };
      requests.inc(labels);
      end(labels);
    });
    next();
  };

  return { registry, observe, eventsIngested, enqueueFailures };
}
