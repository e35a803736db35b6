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
      WHERE status = 'pending' AND NOT is_test
        AND next_attempt_at < now() - ${options.staleAfterMs}::int * interval '1 millisecond'
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

// What a test delivery's last_error says when the API that was sending it never recorded it.
export const ABANDONED_TEST = "test delivery abandoned: the API stopped before recording its outcome";

// A test delivery is sent by the API that created it, never by a worker; its next_attempt_at is
// the end of its one attempt. Still pending well past that, its API died mid-test: fail it.
export async function expireAbandonedTests(db: Database, staleAfterMs: number): Promise<number> {
  const rows = await db.query<{ id: string }>(sql`
    UPDATE deliveries SET status = 'failed', last_error = ${ABANDONED_TEST}, next_attempt_at = NULL,
           completed_at = now(), updated_at = now()
    WHERE status = 'pending' AND is_test
      AND next_attempt_at < now() - ${staleAfterMs}::int * interval '1 millisecond'
    RETURNING id`);
  return rows.length;
}
