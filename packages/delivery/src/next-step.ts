import { type RetrySettings, retryDelayMs, scheduledDelayMs } from "./backoff.js";
import type { AttemptResult } from "./delivery-http.js";

interface NextStepInput {
  result: Pick<AttemptResult, "outcome" | "statusCode" | "retryAfterMs">;
  // Attempts made so far, the one just made included.
  attemptsSoFar: number;
  // The global budget (MAX_ATTEMPTS); a webhook's own retry schedule replaces it.
  maxAttempts: number;
  retrySchedule: readonly number[] | null;
  isTest: boolean;
  retry: RetrySettings;
  random?: () => number;
}

export interface NextStep {
  status: "succeeded" | "failed" | "pending";
  // Set when the delivery stays pending: when to try again.
  retryInMs: number | null;
}

// What an attempt's result means for its delivery, with no I/O: done, failed for good, or
// pending with a delay. 410 means the receiver is gone for good and a blocked address will not
// unblock itself; a test delivery gets one attempt; a webhook's retry schedule allows one
// attempt more than it has delays.
export function nextStep(input: NextStepInput): NextStep {
  const { result, attemptsSoFar, retrySchedule } = input;
  if (result.outcome === "success") return { status: "succeeded", retryInMs: null };
  const maxAttempts = retrySchedule ? retrySchedule.length + 1 : input.maxAttempts;
  const permanent = result.outcome === "blocked" || result.statusCode === 410;
  if (permanent || input.isTest || attemptsSoFar >= maxAttempts) return { status: "failed", retryInMs: null };
  const retryInMs = retrySchedule
    ? scheduledDelayMs(retrySchedule, attemptsSoFar, result.retryAfterMs)
    : retryDelayMs(attemptsSoFar, input.retry, result.retryAfterMs, input.random);
  return { status: "pending", retryInMs };
}
