import { type Database, sql, timeOfId } from "@herald/db";
import { batchPerTickBy } from "./batch-per-tick.js";
import type { AttemptResult } from "./delivery-http.js";
import type { DeliveryRow } from "./delivery-store.js";

// An attempt's result in Postgres: the attempt row, the delivery's new state and the webhook's
// counters, in one statement, so nothing is ever half-written. The attempts of one tick share
// that statement.

export interface RecordInput {
  delivery: Pick<DeliveryRow, "id" | "webhook_id" | "is_test" | "retry_requests">;
  result: AttemptResult;
  attemptedAt: Date;
  // What the delivery becomes if nothing else finished it meanwhile.
  nextStatus: "succeeded" | "pending" | "failed";
  nextAttemptAt: Date | null;
  disableAfterFailures: number;
}

export interface RecordOutcome {
  deliveryStatus: "pending" | "succeeded" | "failed";
  attemptNumber: number;
  // Set when this attempt disabled the webhook.
  disabledReason: "failures" | "gone" | null;
  // The webhook's disabled_reason when this attempt disabled it.
  disabledReasonText: string | null;
}

const dayOf = (id: string) => Math.floor(timeOfId(id).getTime() / 86_400_000);

// The attempts of one batch window are recorded with one statement (batchPerTick); a job
// completes only once its own attempt's row is in, and a failed statement fails every job of its
// batch.
export const recordAttempt: (db: Database, input: RecordInput) => Promise<RecordOutcome> = batchPerTickBy(
  recordAttempts,
  (db) => db.batchWindowMs,
);

// One statement per round. In a round a webhook has one attempt, or successes only (a failure
// moves its counters and may disable it, so a webhook's failures go attempt by attempt, in call
// order; successes only reset them), a delivery one attempt, and every delivery is of one day
// (Postgres then reads that day's partition alone, as for a single delivery).
async function recordAttempts(db: Database, inputs: RecordInput[]): Promise<(RecordOutcome | Error)[]> {
  const outcomes: (RecordOutcome | Error)[] = new Array(inputs.length);
  let rest = inputs.map((input, index) => ({ input, index, day: dayOf(input.delivery.id) }));
  while (rest.length > 0) {
    const day = rest[0]!.day;
    // Webhook → whether the round has only successes for it so far.
    const webhooks = new Map<string, boolean>();
    const deliveries = new Set<string>();
    const round: typeof rest = [];
    const later: typeof rest = [];
    for (const item of rest) {
      const { delivery, result } = item.input;
      const success = result.outcome === "success";
      const taken = webhooks.get(delivery.webhook_id);
      const fits =
        item.day === day && !deliveries.has(delivery.id) && (taken === undefined || (taken && success));
      if (!fits) {
        later.push(item);
        continue;
      }
      round.push(item);
      deliveries.add(delivery.id);
      webhooks.set(delivery.webhook_id, success);
    }
    // A round that fails fails its own jobs only: the rounds before it are recorded.
    const recorded = await recordRound(
      db,
      round.map((item) => item.input),
    ).catch((error: unknown) => round.map(() => (error instanceof Error ? error : new Error(String(error)))));
    for (const [i, item] of round.entries()) outcomes[item.index] = recorded[i]!;
    rest = later;
  }
  return outcomes;
}

// One statement: the attempt rows, the deliveries' new states and the webhooks' counters.
// - A success never loses to a concurrent failure of the same delivery, and a failure never
//   reopens a delivery another attempt already finished: attempt rows record every attempt.
// - A manual retry that came while an attempt was in flight (the delivery's retry_requests is
//   not what the attempt loaded) is honoured: the delivery stays as the retry left it, pending
//   and due now, and the job goes on to another attempt.
// - Test deliveries leave the webhook's counters alone (they never count toward auto-disable).
// - Successes skip the webhook update while its counters are already clean and were refreshed
//   within the last second, so a busy endpoint's row is not rewritten on every delivery.
// - Webhook rows are locked in id order, so two workers' batches never deadlock on them, and FOR
//   NO KEY UPDATE (the lock the UPDATE itself takes), which leaves alone the key-share locks an
//   ingest takes on the webhooks it inserts deliveries for, in no particular order: FOR UPDATE
//   conflicted with those, and a batch ingest and a record deadlocked (seen in npm run bench).
async function recordRound(db: Database, inputs: RecordInput[]): Promise<(RecordOutcome | Error)[]> {
  const column = <T>(pick: (input: RecordInput) => T) => inputs.map(pick);
  const ids = column((input) => input.delivery.id).sort();
  const [lowest, highest] = [ids[0], ids[ids.length - 1]];
  const success = column((input) => input.result.outcome === "success");
  const gone = column((input) => input.result.statusCode === 410);
  const reasons = inputs.map((input, i) =>
    gone[i] ? "the receiver answered 410 Gone" : `${input.disableAfterFailures} consecutive failed attempts`,
  );
  const rows = await db.query<{
    ord: string;
    status: RecordOutcome["deliveryStatus"];
    attempt_count: number;
    was: string | null;
    now_status: string | null;
  }>(sql`
    WITH input AS MATERIALIZED (
      SELECT * FROM unnest(
        ${column((input) => input.delivery.id)}::uuid[], ${column((input) => input.delivery.webhook_id)}::uuid[],
        ${column((input) => input.delivery.is_test)}::boolean[], ${column((input) => input.delivery.retry_requests)}::int[],
        ${success}::boolean[], ${gone}::boolean[], ${reasons}::text[], ${column((input) => input.disableAfterFailures)}::int[],
        ${column((input) => input.attemptedAt)}::timestamptz[], ${column((input) => input.nextStatus)}::delivery_status[],
        ${column((input) => input.nextAttemptAt)}::timestamptz[], ${column((input) => input.result.outcome)}::attempt_outcome[],
        ${column((input) => input.result.statusCode)}::int[], ${column((input) => input.result.durationMs)}::int[],
        ${column((input) => input.result.responseSnippet)}::text[], ${column((input) => input.result.error)}::text[])
        WITH ORDINALITY AS i(delivery_id, webhook_id, is_test, retry_requests, success, gone, reason, disable_after,
                             at, next_status, next_attempt_at, outcome, status_code, duration_ms, snippet, error, ord)
    ), old AS (
      SELECT w.id, w.status, i.ord FROM webhooks w JOIN input i ON i.webhook_id = w.id
      WHERE NOT i.is_test
        AND (NOT i.success OR w.failure_count <> 0 OR w.last_success_at IS NULL
             OR w.last_success_at < i.at - interval '1 second')
      ORDER BY w.id
      FOR NO KEY UPDATE OF w
    ), hook AS (
      UPDATE webhooks w SET
        failure_count = CASE WHEN i.success THEN 0 ELSE w.failure_count + 1 END,
        last_triggered_at = i.at,
        last_success_at = CASE WHEN i.success THEN i.at ELSE w.last_success_at END,
        last_failure_at = CASE WHEN i.success THEN w.last_failure_at ELSE i.at END,
        last_error = CASE WHEN i.success THEN w.last_error ELSE i.error END,
        status = CASE WHEN NOT i.success AND w.status = 'active'
                        AND (i.gone OR w.failure_count + 1 >= i.disable_after)
                      THEN 'disabled'::webhook_status ELSE w.status END,
        disabled_reason = CASE WHEN NOT i.success AND w.status = 'active'
                        AND (i.gone OR w.failure_count + 1 >= i.disable_after)
                      THEN i.reason ELSE w.disabled_reason END
      FROM old JOIN input i ON i.ord = old.ord
      WHERE w.id = old.id
      RETURNING i.ord, old.status::text AS was, w.status::text AS now_status
    ), delivery AS (
      UPDATE deliveries d SET
        attempt_count = d.attempt_count + 1,
        status = CASE WHEN d.retry_requests <> i.retry_requests THEN d.status
                      WHEN d.status = 'pending' OR i.success THEN i.next_status ELSE d.status END,
        next_attempt_at = CASE WHEN d.retry_requests <> i.retry_requests THEN d.next_attempt_at
                               WHEN d.status = 'pending' OR i.success THEN i.next_attempt_at
                               ELSE d.next_attempt_at END,
        completed_at = CASE WHEN d.retry_requests <> i.retry_requests THEN d.completed_at
                            WHEN i.next_status <> 'pending' THEN COALESCE(d.completed_at, i.at) ELSE d.completed_at END,
        last_status_code = i.status_code,
        last_error = i.error,
        updated_at = i.at
      FROM input i
      -- The round's ids are of one day: bounded by them, Postgres reads that day's partition only.
      WHERE d.id = i.delivery_id AND d.id BETWEEN ${lowest}::uuid AND ${highest}::uuid
      RETURNING i.ord, d.id, d.status, d.attempt_count
    ), attempt AS (
      INSERT INTO delivery_attempts
        (id, delivery_id, attempt_number, attempted_at, outcome, status_code, duration_ms, response_snippet, error)
      SELECT gen_random_uuid(), delivery.id, delivery.attempt_count, i.at, i.outcome, i.status_code, i.duration_ms,
             i.snippet, i.error
      FROM delivery JOIN input i ON i.ord = delivery.ord
    )
    SELECT delivery.ord, delivery.status::text AS status, delivery.attempt_count, hook.was, hook.now_status
    FROM delivery LEFT JOIN hook ON hook.ord = delivery.ord`);
  const byOrd = new Map(rows.map((row) => [Number(row.ord), row]));
  return inputs.map((input, i) => {
    const row = byOrd.get(i + 1);
    if (!row) return new Error(`delivery ${input.delivery.id} disappeared while recording its attempt`);
    const disabledNow = row.was === "active" && row.now_status === "disabled";
    return {
      deliveryStatus: row.status,
      attemptNumber: row.attempt_count,
      disabledReason: disabledNow ? (gone[i] ? "gone" : "failures") : null,
      disabledReasonText: disabledNow ? reasons[i]! : null,
    };
  });
}
