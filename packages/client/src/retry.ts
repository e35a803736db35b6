import { setTimeout as wait } from "node:timers/promises";
import { HeraldConnectionError, HeraldError } from "./errors.js";

export interface RetryOptions {
  // Tries in all, the first one included (default 5).
  maxAttempts?: number;
  // Backoff without Retry-After: 500 ms doubling, with jitter, up to maxDelayMs.
  baseDelayMs?: number;
  // Also bounds a Retry-After (default 30 s).
  maxDelayMs?: number;
  // How to wait; tests may pass their own. Rejects when the call's signal aborts.
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

const sleepFor = async (ms: number, signal?: AbortSignal) => {
  await wait(ms, undefined, { signal });
};

// Rate limited, a server error or no answer at all: the same request may succeed later.
export function isRetryable(error: unknown): boolean {
  if (error instanceof HeraldConnectionError) return true;
  return error instanceof HeraldError && (error.status === 429 || error.status >= 500);
}

export async function withRetries<T>(
  attempt: () => Promise<T>,
  options: RetryOptions = {},
  signal?: AbortSignal,
): Promise<T> {
  const { maxAttempts = 5, baseDelayMs = 500, maxDelayMs = 30_000, sleep = sleepFor } = options;
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (tries >= maxAttempts || !isRetryable(error) || signal?.aborted) throw error;
      const retryAfter = error instanceof HeraldError ? error.retryAfter : undefined;
      const backoff = baseDelayMs * 2 ** (tries - 1) * (0.5 + Math.random() / 2);
      await sleep(Math.min(retryAfter === undefined ? backoff : retryAfter * 1000, maxDelayMs), signal);
    }
  }
}
