// When to try a failed delivery again: exponential with jitter, base × factor^(n-1) capped at
// max, so the defaults (5 s × 6ⁿ, capped at 10 h, 8 attempts) spread retries over about a day:
// 5 s, 30 s, 3 min, 18 min, 1.8 h, 10 h, 10 h. A receiver's Retry-After (429/503) is honoured
// within [base, max].

export interface RetrySettings {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  factor: number;
}

// `failedAttempts` counts attempts made so far, this one included (1 after the first failure).
export function retryDelayMs(
  failedAttempts: number,
  settings: RetrySettings,
  retryAfterMs: number | null = null,
  random: () => number = Math.random,
): number {
  const { baseDelayMs, maxDelayMs, factor } = settings;
  if (retryAfterMs !== null) return clamp(retryAfterMs, baseDelayMs, maxDelayMs);
  const exponential = baseDelayMs * factor ** Math.max(0, failedAttempts - 1);
  // ±20 % so that deliveries failing together do not all come back together.
  const jittered = exponential * (0.8 + 0.4 * random());
  return Math.round(clamp(jittered, baseDelayMs, maxDelayMs));
}

// A webhook's own schedule (seconds between attempts): the entry after this attempt, or the
// receiver's Retry-After when it asks for longer (at most a day, the longest entry allowed).
export function scheduledDelayMs(
  schedule: readonly number[],
  failedAttempts: number,
  retryAfterMs: number | null = null,
) {
  const entry = schedule[Math.min(failedAttempts, schedule.length) - 1] ?? schedule.at(-1) ?? 0;
  return Math.min(86_400_000, Math.max(entry * 1000, retryAfterMs ?? 0));
}

// Retry-After is either delay-seconds or an HTTP date.
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | null {
  if (value === undefined || value.trim() === "") return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // HTTP dates look like "Wed, 21 Oct 2015 07:28:00 GMT".
  const date = /GMT$/.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
