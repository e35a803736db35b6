import { type Database, sql } from "@herald/db";
import type { DeliveryJobSettings, DeliveryQueue } from "@herald/queue";
import type { Redis } from "ioredis";
import { enqueueDeliveries } from "./enqueue-deliveries.js";

interface SweepOptions {
  // A pending delivery whose next attempt is this overdue has probably lost its job.
  staleAfterMs: number;
  batchSize?: number;
}

// The outbox sweeper: Postgres is the record, Redis only the queue. Deliveries that are pending
// and overdue (the API could not enqueue them, Redis lost them, a job died with its worker) are
// enqueued again. Safe with many workers: rows are claimed with SKIP LOCKED and marked due now.
// An overdue row may still have a live job (asleep on a full cap, far back in a long queue, in
// flight on a slow receiver): its row is marked due now like the others, but only deliveries
// whose job is gone are enqueued and counted (the return value).
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
  const lost = await withoutJob(queue, rows);
  await enqueueDeliveries(
    queue,
    lost.map((row) => ({ id: row.id, webhookId: row.webhook_id })),
    settings,
  );
  return lost.length;
}

// The rows whose job (job id = delivery id) is not in Redis, in one round trip. Finished jobs are
// removed (deliveryJobOptions), so a job that exists is waiting, delayed or active.
async function withoutJob<T extends { id: string }>(queue: DeliveryQueue, rows: T[]): Promise<T[]> {
  if (rows.length === 0) return rows;
  // BullMQ's own connection (ioredis), so a hash-tagged prefix keeps it on the queue's slot.
  const client = (await queue.backend.client) as unknown as Redis;
  const pipeline = client.pipeline();
  for (const row of rows) pipeline.exists(queue.toKey(row.id));
  const found = (await pipeline.exec()) ?? [];
  return rows.filter((_, i) => {
    const [error, exists] = found[i] ?? [];
    if (error) throw error;
    return exists === 0;
  });
}

// What a test delivery's last_error says when the API that was sending it never recorded it.
const ABANDONED_TEST = "test delivery abandoned: the API stopped before recording its outcome";

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
