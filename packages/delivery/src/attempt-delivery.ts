import type { Database, SecretBox } from "@herald/db";
import { signatureHeaders } from "@herald/signing";
import type { RetrySettings } from "./backoff.js";
import type { AttemptResult, DeliveryHttp } from "./delivery-http.js";
import { type DeliveryRow, failWithoutAttempt, loadDelivery } from "./delivery-store.js";
import { nextStep } from "./next-step.js";
import { type RecordOutcome, recordAttempt } from "./record-attempts.js";

export interface DeliveryContext {
  db: Database;
  secretBox: SecretBox;
  http: DeliveryHttp;
  retry: RetrySettings;
  disableAfterFailures: number;
  now?: () => Date;
}

interface AttemptOptions {
  // Attempts a delivery may make in all. The count so far is the delivery row's, so a job
  // re-added by the sweeper (or run twice) continues the same budget and backoff schedule.
  maxAttempts: number;
  // Called with the loaded row before sending; false leaves the delivery untouched (the caller
  // tries again later) and reports "deferred".
  admit?: (row: DeliveryRow) => Promise<boolean>;
}

// What the delivery's last_error says when its secret cannot be decrypted (see the runbook).
const UNDECRYPTABLE_SECRET =
  "the webhook's signing secret could not be decrypted with SECRET_ENCRYPTION_KEY; nothing was sent";
const UNDECRYPTABLE_HEADERS =
  "the webhook's custom header values could not be decrypted with SECRET_ENCRYPTION_KEY; nothing was sent";

export type DeliveryReport =
  | {
      kind: "skipped";
      reason: string;
      failedNow: boolean;
      // The secret would not decrypt: the delivery failed without an attempt.
      undecryptable?: { deliveryId: string; webhookId: string };
    }
  // Not sent: a cap or gate refused it, or (`waitingFor`) an ordered webhook's earlier
  // delivery is still pending.
  | { kind: "deferred"; waitingFor?: string }
  | {
      kind: "attempted";
      result: AttemptResult;
      status: RecordOutcome["deliveryStatus"];
      attemptNumber: number;
      // Set when the delivery stays pending: when to try again.
      retryInMs: number | null;
      disabledReason: RecordOutcome["disabledReason"];
      disabledReasonText: string | null;
      eventCreatedAt: Date;
      // What operational events need to say about it.
      subject: {
        deliveryId: string;
        webhookId: string;
        accountId: string;
        eventId: string;
        eventType: string;
        isTest: boolean;
        // Set for an ordered webhook's delivery: where it sits in the order.
        ordered: { createdAt: Date } | null;
      };
    };

// One attempt of one delivery: load it, send it signed, record the result, and say what comes
// next. The worker runs it for every job; the API runs it for POST /webhooks/{id}/test, so a
// test goes through exactly the path real deliveries take.
export async function attemptDelivery(
  ctx: DeliveryContext,
  deliveryId: string,
  options: AttemptOptions,
): Promise<DeliveryReport> {
  const row = await loadDelivery(ctx.db, deliveryId);
  if (!row) return { kind: "skipped", reason: "delivery not found", failedNow: false };
  if (row.status !== "pending")
    return { kind: "skipped", reason: `delivery already ${row.status}`, failedNow: false };
  if (row.webhook_deleted || row.webhook_status === "disabled") {
    const reason = row.webhook_deleted ? "webhook deleted" : "webhook disabled";
    return { kind: "skipped", reason, failedNow: await failWithoutAttempt(ctx.db, row.id, reason) };
  }
  const secrets = decryptAll(ctx.secretBox, row.secrets_encrypted);
  const headerValues = decryptAll(ctx.secretBox, Object.values(row.headers));
  if (!secrets || !headerValues) {
    // Retrying cannot help until an operator restores the key: fail now and say why.
    const reason = secrets ? UNDECRYPTABLE_HEADERS : UNDECRYPTABLE_SECRET;
    return {
      kind: "skipped",
      reason,
      failedNow: await failWithoutAttempt(ctx.db, row.id, reason),
      undecryptable: { deliveryId: row.id, webhookId: row.webhook_id },
    };
  }
  const custom = Object.fromEntries(Object.keys(row.headers).map((name, i) => [name, headerValues[i]!]));
  if (row.waiting_for) return { kind: "deferred", waitingFor: row.waiting_for };
  if (options.admit && !(await options.admit(row))) return { kind: "deferred" };

  const attemptedAt = ctx.now?.() ?? new Date();
  const body = deliveryBody(row);
  const signed = signatureHeaders({ secrets, messageId: row.event_id, timestamp: attemptedAt, body });
  // The API refuses custom names that would clash with these.
  const result = await ctx.http.post(row.url, { ...custom, ...signed }, body, row.timeout_ms);

  const { status: nextStatus, retryInMs } = nextStep({
    result,
    attemptsSoFar: row.attempt_count + 1,
    maxAttempts: options.maxAttempts,
    retrySchedule: row.retry_schedule,
    isTest: row.is_test,
    retry: ctx.retry,
  });
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
    disabledReasonText: recorded.disabledReasonText,
    eventCreatedAt: row.event_created_at,
    subject: {
      deliveryId: row.id,
      webhookId: row.webhook_id,
      accountId: row.account_id,
      eventId: row.event_id,
      eventType: row.event_type,
      isTest: row.is_test,
      ordered: row.ordered && !row.is_test ? { createdAt: row.created_at } : null,
    },
  };
}

function decryptAll(box: SecretBox, encrypted: readonly string[]): string[] | undefined {
  try {
    return encrypted.map((secret) => box.decrypt(secret));
  } catch {
    return undefined;
  }
}

// The body every receiver gets; `data` is the stored payload as is.
export function deliveryBody(
  row: Pick<DeliveryRow, "event_id" | "event_type" | "event_created_at" | "payload">,
): string {
  return `{"id":${JSON.stringify(row.event_id)},"type":${JSON.stringify(row.event_type)},"timestamp":"${row.event_created_at.toISOString()}","data":${row.payload}}`;
}
