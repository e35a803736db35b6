import { type DeliveryAttemptData, deliveryAttemptData } from "@herald/queue";
import { inSpan } from "@herald/runtime";
import { DelayedError, type Job, UnrecoverableError } from "bullmq";
import { attemptDelivery, type DeliveryContext, type DeliveryReport } from "./attempt-delivery.js";
import { type RetrySettings, retryDelayMs } from "./backoff.js";
import { type DeliveryRow, isPending, nextInOrder } from "./delivery-store.js";
import {
  type Admission,
  type AttemptVerdict,
  type Cap,
  type CapKind,
  capsOf,
  destinationOf,
  type EndpointSlots,
  type Gate,
  type RateLimit,
} from "./endpoint-slots.js";
import { sleepAsWaiter } from "./wake-waiters.js";

// Thrown for a failed attempt that will be retried: carries the delay the delivery row already
// recorded as its next attempt, which the backoff strategy hands to BullMQ.
class RetryLater extends Error {
  override name = "RetryLater";
  constructor(
    readonly delayMs: number,
    message: string,
  ) {
    super(message);
  }
}

// BullMQ's custom backoff (worker setting `backoffStrategy`). Any other error (Postgres down
// while recording, say) backs off exponentially by the job's attempts.
export function deliveryBackoff(retry: RetrySettings) {
  return (attemptsMade: number, _type?: string, error?: Error) =>
    error instanceof RetryLater ? error.delayMs : retryDelayMs(attemptsMade, retry);
}

// Why a job slept without an attempt: a full cap, the webhook's rate limit, an open breaker, a
// Retry-After pause, or an ordered webhook's earlier delivery still pending.
export type DeferralCause = CapKind | "rate" | "breaker" | "paused" | "ordered";

interface DeliveryJobHooks {
  // Runs (and is awaited) before the job goes to sleep.
  deferred?: (cap: DeferralCause) => void | Promise<void>;
  circuitOpened?: () => void;
  // The job's ids come along, for the per-attempt log line.
  reported?: (report: DeliveryReport, job: DeliveryAttemptData) => void;
}

interface ProcessorOptions {
  slots: EndpointSlots;
  // An over-cap job sleeps until a slot of its cap frees, or about this long per `limit` jobs
  // waiting before it if no wake-up comes (its holder's worker died, say).
  deferMs: number;
  // Moves a sleeping (delayed) job back to the queue: the releaser of a slot wakes one waiter.
  wake: (jobId: string) => Promise<void>;
  hooks?: DeliveryJobHooks;
  // Operational events the attempt calls for, published before the job ends (never throws).
  afterAttempt?: (report: DeliveryReport) => Promise<void>;
  // This job's failed attempt opened its destination's breaker (never throws).
  circuitOpened?: (opened: {
    accountId: string;
    webhookId: string;
    destination: string;
    retryAt: Date;
  }) => Promise<void>;
}

const ROUTES_REMEMBERED = 10_000;
const MAX_SLEEP_ROUNDS = 60;
const ORDERED_RECHECK_ROUNDS = 30;

// The worker's handler for `delivery.attempt` jobs: in-flight caps, one attempt, then finish,
// retry (RetryLater) or give up for good (UnrecoverableError) as the recorded state says.
export function createDeliveryProcessor(ctx: DeliveryContext, options: ProcessorOptions) {
  // Webhook → its account and destination, learned from the rows loaded, so a job's caps are
  // checked before Postgres is touched. A URL changed since is caught after the load.
  const routes = new Map<string, Route>();
  const remember = (row: DeliveryRow) => {
    const route: Route = {
      accountId: row.account_id,
      destination: safeDestination(row.url),
      maxInFlight: row.max_in_flight,
      ratePerSecond: row.rate_limit_per_second,
    };
    routes.delete(row.webhook_id);
    if (routes.size >= ROUTES_REMEMBERED) routes.delete(routes.keys().next().value!);
    routes.set(row.webhook_id, route);
    return route;
  };
  // A waiter that is not asleep yet cannot be woken: it wakes itself once asleep (sleepAsWaiter).
  const wake = (jobId: string) => options.wake(jobId).catch(() => undefined);

  // Sleeps without using an attempt, so a capped destination cannot take every worker slot.
  const sleep = async (job: Job<DeliveryAttemptData>, token: string | undefined, refused: Admission) => {
    if (refused.admitted) return;
    // A rate limit, a breaker and a pause know when the job may go; a cap wakes its waiters as
    // slots free. Sleepers of a gate spread over a tenth of the wait, not to wake all at once.
    let ms: number;
    if ("cap" in refused) {
      ms = sleepMs(refused.position, refused.limit, options.deferMs);
      await options.hooks?.deferred?.(refused.cap.kind);
    } else if ("rate" in refused) {
      ms = refused.waitMs;
      await options.hooks?.deferred?.("rate");
    } else {
      ms = Math.round(refused.waitMs * (1 + 0.1 * Math.random())) + 10;
      await options.hooks?.deferred?.(refused.gate);
    }
    if ("cap" in refused)
      await sleepAsWaiter(job, token, Date.now() + ms, { slots: options.slots, cap: refused.cap, wake });
    else await job.moveToDelayed(Date.now() + ms, token);
    throw new DelayedError();
  };

  return async (job: Job<DeliveryAttemptData>, token?: string): Promise<void> => {
    const { deliveryId, webhookId } = deliveryAttemptData.parse(job.data);
    const holder = `${job.id}:${token ?? ""}`;
    const waiter = job.id ?? deliveryId;
    const known = routes.get(webhookId);
    let held: Cap[] = [];
    let rateTaken = false;
    // The webhook and destination whose pause and breaker this job passed.
    let gate: Gate | null = null;
    if (known) {
      const caps = capsOf({ webhookId, ...known });
      const rate = rateOf(webhookId, known);
      const passing = { webhookId, destination: known.destination };
      const first = await options.slots.acquire(caps, holder, waiter, rate, passing);
      if (!first.admitted) return sleep(job, token, first);
      held = caps;
      rateTaken = rate !== null;
      gate = passing;
    }

    let refused: Admission | undefined;
    // First delivery to this webhook in this process (its caps are known only once its row is
    // loaded), or its URL changed: take the caps not held yet before sending, still in one
    // round trip.
    const admit = async (row: DeliveryRow) => {
      const route = remember(row);
      const needed = capsOf({ webhookId, ...route });
      const missing = needed.filter((cap) => !held.some((h) => h.kind === cap.kind && h.id === cap.id));
      const rate = rateTaken ? null : rateOf(webhookId, route);
      const passing =
        gate?.destination === route.destination ? null : { webhookId, destination: route.destination };
      if (missing.length === 0 && rate === null && passing === null) return true;
      const more = await options.slots.acquire(missing, holder, waiter, rate, passing);
      if (!more.admitted) {
        refused = more;
        return false;
      }
      held = [...held, ...missing];
      gate = passing ?? gate;
      return true;
    };
    let report: DeliveryReport | undefined;
    let openedUntil: Date | null = null;
    try {
      report = await inSpan(
        "delivery attempt",
        { attributes: { "herald.delivery.id": deliveryId } },
        async (span) => {
          const outcome = await attemptDelivery(ctx, deliveryId, {
            // The global budget; a webhook's own retry schedule overrides it (attemptDelivery).
            maxAttempts: ctx.retry.maxAttempts,
            admit,
          });
          span.setAttribute("herald.attempt.report", outcome.kind);
          return outcome;
        },
      );
    } finally {
      // If Redis is gone the slots' leases run out by themselves.
      let woken: string[] = [];
      if (gate) {
        const settled = await options.slots
          .settle(held, holder, gate, verdictOf(report, ctx.retry.maxDelayMs))
          .catch(() => ({ woken: [] as string[], openedUntil: null }));
        woken = settled.woken;
        openedUntil = settled.openedUntil;
      } else woken = await options.slots.release(held, holder).catch(() => [] as string[]);
      for (const id of woken) void wake(id);
    }
    if (report.kind === "deferred" && refused) return sleep(job, token, refused);
    if (report.kind === "deferred" && report.waitingFor) {
      // Woken when the delivery before it is final; the timer only covers a lost wake-up.
      await options.hooks?.deferred?.("ordered");
      await job.moveToDelayed(Date.now() + ORDERED_RECHECK_ROUNDS * options.deferMs, token);
      // That delivery may have become final since this job loaded, and its wake-up found this
      // job still running, not asleep: then it wakes itself rather than sleep to the timer.
      const waiting = await isPending(ctx.db, report.waitingFor).catch(() => true);
      if (!waiting && job.id) await wake(job.id);
      throw new DelayedError();
    }
    options.hooks?.reported?.(report, { deliveryId, webhookId });
    await options.afterAttempt?.(report);
    if (report.kind !== "attempted") return;
    const { ordered } = report.subject;
    if (ordered && report.status !== "pending") {
      const next = await nextInOrder(ctx.db, {
        id: deliveryId,
        webhookId,
        createdAt: ordered.createdAt,
      }).catch(() => undefined);
      if (next) void wake(next);
    }
    if (openedUntil && gate) {
      options.hooks?.circuitOpened?.();
      await options.circuitOpened?.({
        accountId: report.subject.accountId,
        webhookId,
        destination: gate.destination,
        retryAt: openedUntil,
      });
    }
    const error = report.result.error ?? report.result.outcome;
    if (report.status === "pending") throw new RetryLater(report.retryInMs ?? 0, error);
    if (report.status === "failed") throw new UnrecoverableError(error);
  };
}

// How long a job refused by a full cap sleeps if no wake-up comes: about `deferMs` per `limit`
// jobs waiting before it (at most 60 rounds), doubled because the wake-up normally comes first
// and a job its timer woke while the cap is still full only goes back to sleep; ±25 % jitter.
export function sleepMs(position: number, limit: number, deferMs: number, random = Math.random): number {
  const rounds = Math.min(MAX_SLEEP_ROUNDS, 1 + Math.floor(position / limit));
  return Math.round(2 * rounds * deferMs * (0.75 + 0.5 * random()));
}

interface Route {
  accountId: string;
  destination: string;
  maxInFlight: number | null;
  ratePerSecond: number | null;
}

// What an attempt tells the breaker: any answer below 500 but 429 shows the destination is up.
// A Retry-After pauses the webhook as long as the delivery itself waits (the same bounds), or
// at most `maxDelayMs` when the delivery failed for good.
export function verdictOf(report: DeliveryReport | undefined, maxDelayMs: number): AttemptVerdict {
  if (report?.kind !== "attempted" || report.result.outcome === "blocked") return { kind: "none" };
  const { outcome, statusCode, retryAfterMs } = report.result;
  if (outcome === "success") return { kind: "ok" };
  if (outcome === "http_error" && statusCode !== null && statusCode < 500 && statusCode !== 429)
    return { kind: "ok" };
  if (retryAfterMs === null) return { kind: "fail", retryAfterMs: null };
  return { kind: "fail", retryAfterMs: report.retryInMs ?? Math.min(retryAfterMs, maxDelayMs) };
}

function rateOf(webhookId: string, route: Route): RateLimit | null {
  return route.ratePerSecond ? { webhookId, perSecond: route.ratePerSecond } : null;
}

function safeDestination(url: string): string {
  try {
    return destinationOf(url);
  } catch {
    return url;
  }
}
