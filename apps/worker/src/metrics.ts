import type { DeferralCause, DeliveryReport } from "@herald/delivery";
import type { DeliveryQueue } from "@herald/queue";
import { createMetricsRegistry, DELIVERY_BUCKETS } from "@herald/runtime";
import { Counter, Gauge, Histogram } from "prom-client";

export type WorkerMetrics = ReturnType<typeof createWorkerMetrics>;

const QUEUE_STATES = ["waiting", "active", "delayed", "failed", "prioritized"] as const;

const EXPECTED_ATTEMPT_SERIES: Record<string, string[]> = {
  success: ["2xx"],
  http_error: ["3xx", "4xx", "5xx"],
  timeout: ["none"],
  network_error: ["none", "2xx"],
  blocked: ["none"],
};

// Names and meanings are documented in docs/metrics.md; the dashboard and alerts use them.
export function createWorkerMetrics(queue: DeliveryQueue) {
  const registry = createMetricsRegistry("worker");
  const registers = [registry];
  const attempts = new Counter({
    name: "herald_delivery_attempts_total",
    help: "Delivery attempts by outcome and response status class",
    labelNames: ["outcome", "status_class"] as const,
    registers,
  });
  const attemptDuration = new Histogram({
    name: "herald_delivery_attempt_duration_seconds",
    help: "Duration of one delivery attempt, request sent to response read or failure",
    labelNames: ["outcome"] as const,
    buckets: DELIVERY_BUCKETS,
    registers,
  });
  const eventToDelivery = new Histogram({
    name: "herald_event_to_delivery_seconds",
    help: "From an event's creation to its successful delivery, retries included",
    buckets: [...DELIVERY_BUCKETS, 60, 300, 1800, 3600, 21600, 86400],
    registers,
  });
  const completed = new Counter({
    name: "herald_deliveries_completed_total",
    help: "Deliveries that reached a final state",
    labelNames: ["status"] as const,
    registers,
  });
  const disabled = new Counter({
    name: "herald_webhooks_disabled_total",
    help: "Webhooks disabled automatically (failures: consecutive failures; gone: answered 410)",
    labelNames: ["reason"] as const,
    registers,
  });
  const deferrals = new Counter({
    name: "herald_endpoint_deferrals_total",
    help: "Jobs put to sleep because an in-flight cap was full or a webhook's rate limit refused them (no attempt used), by cap",
    labelNames: ["cap"] as const,
    registers,
  });
  const circuitsOpened = new Counter({
    name: "herald_circuit_opened_total",
    help: "Times a destination's circuit breaker opened (BREAKER_FAILURES consecutive failed attempts, or a failed probe)",
    registers,
  });
  const undecryptable = new Counter({
    name: "herald_secret_decrypt_failures_total",
    help: "Deliveries failed because the webhook's secret could not be decrypted",
    registers,
  });
  const sweeperEnqueued = new Counter({
    name: "herald_sweeper_enqueued_total",
    help: "Overdue pending deliveries the outbox sweeper enqueued again",
    registers,
  });

  // Series start at zero, so Prometheus sees the first increase (rate() needs two samples).
  for (const [outcome, classes] of Object.entries(EXPECTED_ATTEMPT_SERIES)) {
    for (const statusClass of classes) attempts.inc({ outcome, status_class: statusClass }, 0);
    attemptDuration.zero({ outcome });
  }
  for (const status of ["succeeded", "failed"]) completed.inc({ status }, 0);
  for (const reason of ["failures", "gone"]) disabled.inc({ reason }, 0);
  for (const cap of ["webhook", "destination", "account"]) deferrals.inc({ cap }, 0);
  undecryptable.inc(0);

  // Queue depth is read from Redis when scraped, at most once a second.
  let cached: { at: number; counts: Record<string, number>; oldestWaitingSeconds: number } | undefined;
  const readQueue = async () => {
    if (cached && Date.now() - cached.at < 1000) return cached;
    const [counts, oldest] = await Promise.all([
      queue.getJobCounts(...QUEUE_STATES),
      queue.getJobs(["wait"], 0, 0, true),
    ]);
    const timestamp = oldest[0]?.timestamp;
    cached = {
      at: Date.now(),
      counts,
      oldestWaitingSeconds: timestamp ? Math.max(0, (Date.now() - timestamp) / 1000) : 0,
    };
    return cached;
  };
  new Gauge({
    name: "herald_queue_jobs",
    help: "Delivery queue jobs by state (every worker reports the same queue: aggregate with max)",
    labelNames: ["state"] as const,
    registers,
    async collect() {
      const { counts } = await readQueue().catch(() => ({ counts: undefined }));
      if (!counts) return;
      for (const state of QUEUE_STATES) this.set({ state }, counts[state] ?? 0);
    },
  });
  new Gauge({
    name: "herald_queue_oldest_waiting_seconds",
    help: "Age of the oldest job waiting to be picked up; 0 when none waits",
    registers,
    async collect() {
      const state = await readQueue().catch(() => undefined);
      if (state) this.set(state.oldestWaitingSeconds);
    },
  });

  return {
    registry,
    deferred: (cap: DeferralCause) => deferrals.inc({ cap }),
    circuitOpened: () => circuitsOpened.inc(),
    swept: (count: number) => sweeperEnqueued.inc(count),
    reported(report: DeliveryReport) {
      if (report.kind === "deferred") return;
      if (report.kind === "skipped") {
        if (report.failedNow) completed.inc({ status: "failed" });
        if (report.undecryptable) undecryptable.inc();
        return;
      }
      const { result } = report;
      const statusClass = result.statusCode === null ? "none" : `${Math.floor(result.statusCode / 100)}xx`;
      attempts.inc({ outcome: result.outcome, status_class: statusClass });
      attemptDuration.observe({ outcome: result.outcome }, result.durationMs / 1000);
      if (report.status !== "pending") completed.inc({ status: report.status });
      if (result.outcome === "success")
        eventToDelivery.observe((Date.now() - report.eventCreatedAt.getTime()) / 1000);
      if (report.disabledReason) disabled.inc({ reason: report.disabledReason });
    },
  };
}
