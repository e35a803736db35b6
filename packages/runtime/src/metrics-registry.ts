import { hostname } from "node:os";
import { collectDefaultMetrics, Registry } from "prom-client";

// One registry per app: Node process metrics plus the app's own, every series labelled with
// the service and the instance (container hostname and pid) it came from.
export function createMetricsRegistry(service: "api" | "worker"): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service, instance: `${hostname()}:${process.pid}` });
  collectDefaultMetrics({ register: registry });
  // Gauges named like counters, which `promtool check metrics` rejects; the same numbers are
  // exported by type as nodejs_active_handles, nodejs_active_requests, nodejs_active_resources.
  for (const name of [
    "nodejs_active_handles_total",
    "nodejs_active_requests_total",
    "nodejs_active_resources_total",
  ]) {
    registry.removeSingleMetric(name);
  }
  return registry;
}

// Buckets in seconds for webhook latencies: 10 ms to 30 s.
export const DELIVERY_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30];
