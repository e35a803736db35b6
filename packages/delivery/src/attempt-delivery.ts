import type { Database, SecretBox } from "@herald/db";
import { signatureHeaders } from "@herald/signing";
import { type RetrySettings, retryDelayMs } from "./backoff.js";
import type { AttemptResult, DeliveryHttp } from "./delivery-http.js";
import {
  type DeliveryRow,
  failWithoutAttempt,
  loadDelivery,
  type RecordOutcome,
  recordAttempt,
} from "./delivery-store.js";

export interface DeliveryContext {
  db: Database;
  secretBox: SecretBox;
  http: DeliveryHttp;
  retry: RetrySettings;
  disableAfterFailures: number;
  now?: () => Date;
}

export interface AttemptPosition {
  // Attempts this job made before this one, and how many it may make in all.
  attemptsMade: number;
  maxAttempts: number;
}

export type DeliveryReport =
  | { kind: "skipped"; reason: string; failedNow: boolean }
  | {
      kind: "attempted";
      result: AttemptResult;
      status: RecordOutcome["deliveryStatus"];
      attemptNumber: number;
      // Set when the delivery stays pending: when to try again.
      retryInMs: number | null;
      disabledReason: RecordOutcome["disabledReason"];
      eventCreatedAt: Date;
    };

// One attempt of one delivery: load it, send it signed, record the result, and say what comes
// next. The worker runs it for every job; the API runs it for POST /webhooks/{id}/test, so a
// test goes through exactly the path real deliveries take.
export async function attemptDelivery(
  ctx: DeliveryContext,
  deliveryId: string,
  position: AttemptPosition,
): Promise<DeliveryReport> {
  const row = await loadDelivery(ctx.db, deliveryId);
  if (!row) return { kind: "skipped", reason: "delivery not found", failedNow: false };
  if (row.status !== "pending")
    return { kind: "skipped", reason: `delivery already ${row.status}`, failedNow: false };
  if (row.webhook_deleted || row.webhook_status === "disabled") {
    const reason = row.webhook_deleted ? "webhook deleted" : "webhook disabled";
    return { kind: "skipped", reason, failedNow: await failWithoutAttempt(ctx.db, row.id, reason) };
  }

  const attemptedAt = ctx.now?.() ?? new Date();
  const body = deliveryBody(row);
  const secrets = [row.secret_encrypted, row.previous_secret_encrypted]
    .filter((secret): secret is string => secret !== null)
    .map((secret) => ctx.secretBox.decrypt(secret));
  const headers = signatureHeaders({ secrets, messageId: row.event_id, timestamp: attemptedAt, body });
  const result = await ctx.http.post(row.url, { ...headers }, body);

  const attemptsSoFar = position.attemptsMade + 1;
  // 410 means the receiver is gone for good and a blocked address will not unblock itself.
  const permanent = result.outcome === "blocked" || result.statusCode === 410;
  const lastChance = row.is_test || attemptsSoFar >= position.maxAttempts;
  let nextStatus: RecordOutcome["deliveryStatus"] = "succeeded";
  let retryInMs: number | null = null;
  if (result.outcome !== "success") {
    if (permanent || lastChance) nextStatus = "failed";
    else {
      nextStatus = "pending";
      retryInMs = retryDelayMs(attemptsSoFar, ctx.retry, result.retryAfterMs);
    }
  }
  const recorded = await recordAttempt(ctx.db, {
    delivery: row,
    result,
    attemptedAt,
    nextStatus,
    nextAttemptAt: retryInMs === null ? null : new Date(attemptedAt.getTime() + retryInMs),
    disableAfterFailures: ctx.disableAfterFailures,
  });
  return {
    kind: "attempted",
    result,
    status: recorded.deliveryStatus,
    attemptNumber: recorded.attemptNumber,
    retryInMs: recorded.deliveryStatus === "pending" ? retryInMs : null,
    disabledReason: recorded.disabledReason,
    eventCreatedAt: row.event_created_at,
  };
}

// The body every receiver gets; `data` is the stored payload as is.
export function deliveryBody(
  row: Pick<DeliveryRow, "event_id" | "event_type" | "event_created_at" | "payload">,
): string {
  return `{"id":${JSON.stringify(row.event_id)},"type":${JSON.stringify(row.event_type)},"timestamp":"${row.event_created_at.toISOString()}","data":${row.payload}}`;
}
