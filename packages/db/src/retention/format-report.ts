import type { RetentionReport } from "./retention-pass.js";

const MB = 1024 * 1024;

// The lines `npm run retention` prints and the maintenance loop logs.
export function formatRetentionReport(report: RetentionReport): string[] {
  const [create, drop, keep, del] = report.dryRun
    ? ["would create", "would drop", "would keep", "would delete"]
    : ["created", "dropped", "kept", "deleted"];
  if (report.skipped) return [`skipped: ${report.skipped}`];
  const lines = [`retention ${report.dryRun ? "dry run" : "pass"}: rows older than ${report.cutoff} expire`];
  lines.push(
    report.created.length === 0
      ? "partitions ahead: all present"
      : `${create} ${report.created.length} partitions: ${report.created.join(", ")}`,
  );
  for (const day of report.dropped) {
    lines.push(
      `${drop} ${day.partitions.join(", ")} (up to ${day.end}): ~${day.rowEstimate} rows, ${(day.bytes / MB).toFixed(1)} MB`,
    );
  }
  if (report.dropped.length === 0) lines.push("nothing to drop");
  for (const day of report.kept) {
    lines.push(`${keep} ${day.partitions.join(", ")}: ${day.pending} deliveries still pending`);
  }
  for (const day of report.busy) {
    lines.push(`left ${day.partitions.join(", ")} to the next pass: its tables stayed busy`);
  }
  lines.push(`${del} ${report.idempotencyKeysDeleted} expired idempotency keys`);
  const sizes = Object.entries(report.storage.bytes).map(
    ([table, bytes]) => `${table} ${(bytes / MB).toFixed(1)} MB`,
  );
  lines.push(
    `storage: ${sizes.join(", ")}; oldest event ${report.storage.oldestEventAt ?? "none"}; ${report.storage.daysAhead} days ahead`,
  );
  return lines;
}
