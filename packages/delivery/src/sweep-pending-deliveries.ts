import { type Database, sql } from "@herald/db";
import type { DeliveryJobSettings, DeliveryQueue } from "@herald/queue";
import { enqueueDeliveries } from "./enqueue-deliveries.js";

export interface SweepOptions {
  // A pending delivery whose next attempt is this overdue has probably lost its job.
  staleAfterMs: number;
  batchSize?: number;
}

// The outbox sweeper: Postgres is the record, Redis only the queue. Deliveries that are pending
// and overdue (the API could not enqueue them, Redis lost them, a job died with its worker) are
// enqueued again. Safe with many workers: rows are claimed with SKIP LOCKED and marked due now,
// and re-adding a job that still exists is a no-op (job id = delivery id).
export async function sweepPendingDeliveries(
  db: Database,
  queue: DeliveryQueue,
  settings: DeliveryJobSettings,
  options: SweepOptions,
): Promise<number> {
  const rows = await db.query<{ id: string; webhook_id: string }>(sql`
    UPDATE deliveries SET next_attempt_at = now()
    WHERE id IN (
      SELECT id FROM deliveries
      WHERE status = 'pending' AND next_attempt_at < now() - ${options.staleAfterMs}::int * interval '1 millisecond'
      ORDER BY next_attempt_at
      LIMIT ${options.batchSize ?? 1000}::int
      FOR UPDATE SKIP LOCKED)
    RETURNING id, webhook_id`);
  await enqueueDeliveries(
    queue,
    rows.map((row) => ({ id: row.id, webhookId: row.webhook_id })),
    settings,
  );
  return rows.length;
}
