import type { RetentionReport } from "@herald/db";
import { Counter, Gauge, type Registry } from "prom-client";

// Storage gauges set by each maintenance pass (docs/metrics.md). Every worker reports them; a
// worker whose turn was skipped (another held the lock) reports the sizes it read anyway.
export function createStorageMetrics(registry: Registry, alertBytes: number) {
  const registers = [registry];
  const bytes = new Gauge({
    name: "herald_storage_bytes",
    help: "On-disk size of a stored table, all its partitions and indexes",
    labelNames: ["table"] as const,
    registers,
  });
  let oldestEventAt: number | null = null;
  new Gauge({
    name: "herald_storage_oldest_event_age_seconds",
    help: "Age of the oldest event kept (0 when there is none)",
    registers,
    collect() {
      this.set(oldestEventAt === null ? 0 : Math.max(0, (Date.now() - oldestEventAt) / 1000));
    },
  });
  const daysAhead = new Gauge({
    name: "herald_storage_partitions_ahead",
    help: "Whole days after today that already have partitions",
    registers,
  });
  const lastSuccess = new Gauge({
    name: "herald_retention_last_success_timestamp_seconds",
    help: "When this worker last completed a maintenance pass (Unix time; 0 = never)",
    registers,
  });
  const dropped = new Counter({
    name: "herald_retention_dropped_partitions_total",
    help: "Partitions dropped by retention",
    registers,
  });
  new Gauge({
    name: "herald_storage_alert_bytes",
    help: "STORAGE_ALERT_BYTES: the table size the HeraldStorageTableLarge alert fires above",
    registers,
  }).set(alertBytes);

  return {
    passed(report: RetentionReport) {
      for (const [table, size] of Object.entries(report.storage.bytes)) bytes.set({ table }, size);
      oldestEventAt = report.storage.oldestEventAt ? Date.parse(report.storage.oldestEventAt) : null;
      daysAhead.set(report.storage.daysAhead);
      if (report.skipped) return;
      dropped.inc(report.dropped.reduce((sum, day) => sum + day.partitions.length, 0));
      lastSuccess.set(Date.now() / 1000);
    },
  };
}
