import { hostname } from "node:os";
import { collectDefaultMetrics, Registry } from "prom-client";

// One registry per app: Node process metrics plus the app's own, every series labelled with
// the service and the instance (container hostname and pid) it came from.
export function createMetricsRegistry(service: "api" | "worker"): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service, instance: `${hostname()}:${process.pid}` });
  collectDefaultMetrics({ register: registry });
  return registry;
}

// Buckets in seconds for webhook latencies: 10 ms to 30 s.
export const DELIVERY_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30];
