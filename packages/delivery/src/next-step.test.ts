import { describe, expect, it } from "vitest";
import type { AttemptOutcome } from "./delivery-http.js";
import { type NextStep, nextStep } from "./next-step.js";

const retry = { maxAttempts: 5, baseDelayMs: 1_000, maxDelayMs: 60_000, factor: 2 };
// random() = 0.5 puts the ±20 % jitter in the middle: exactly base × factor^(n-1).
const middle = () => 0.5;

describe("nextStep (what an attempt means for its delivery)", () => {
  it.each<
    [
      string,
      {
        outcome: AttemptOutcome;
        statusCode?: number;
        retryAfterMs?: number;
        attempts?: number;
        test?: boolean;
        schedule?: number[];
      },
      NextStep,
    ]
  >([
    ["a success", { outcome: "success", statusCode: 200 }, { status: "succeeded", retryInMs: null }],
    [
      "a success on the last attempt",
      { outcome: "success", statusCode: 204, attempts: 5 },
      { status: "succeeded", retryInMs: null },
    ],
    [
      "a first 500: retry after the base delay",
      { outcome: "http_error", statusCode: 500 },
      { status: "pending", retryInMs: 1_000 },
    ],
    [
      "a third timeout: base × factor²",
      { outcome: "timeout", attempts: 3 },
      { status: "pending", retryInMs: 4_000 },
    ],
    [
      "a fourth network error: base × factor³",
      { outcome: "network_error", attempts: 4 },
      { status: "pending", retryInMs: 8_000 },
    ],
    [
      "a failure on the last attempt",
      { outcome: "http_error", statusCode: 500, attempts: 5 },
      { status: "failed", retryInMs: null },
    ],
    [
      "past the budget (a job run twice)",
      { outcome: "timeout", attempts: 7 },
      { status: "failed", retryInMs: null },
    ],
    [
      "a 410: gone for good",
      { outcome: "http_error", statusCode: 410 },
      { status: "failed", retryInMs: null },
    ],
    ["a blocked address", { outcome: "blocked" }, { status: "failed", retryInMs: null }],
    [
      "a test delivery gets one attempt",
      { outcome: "http_error", statusCode: 500, test: true },
      { status: "failed", retryInMs: null },
    ],
    [
      "a 404 is retried like any other error",
      { outcome: "http_error", statusCode: 404 },
      { status: "pending", retryInMs: 1_000 },
    ],
    [
      "Retry-After within bounds is obeyed",
      { outcome: "http_error", statusCode: 503, retryAfterMs: 30_000 },
      { status: "pending", retryInMs: 30_000 },
    ],
    [
      "Retry-After beyond the longest delay is capped",
      { outcome: "http_error", statusCode: 429, retryAfterMs: 3_600_000 },
      { status: "pending", retryInMs: 60_000 },
    ],
    [
      "Retry-After below the base delay is raised",
      { outcome: "http_error", statusCode: 429, retryAfterMs: 10 },
      { status: "pending", retryInMs: 1_000 },
    ],
    [
      "a retry schedule's first entry",
      { outcome: "timeout", schedule: [5, 60] },
      { status: "pending", retryInMs: 5_000 },
    ],
    [
      "a retry schedule's second entry",
      { outcome: "timeout", attempts: 2, schedule: [5, 60] },
      { status: "pending", retryInMs: 60_000 },
    ],
    [
      "a retry schedule replaces MAX_ATTEMPTS: one attempt more than delays",
      { outcome: "timeout", attempts: 3, schedule: [5, 60] },
      { status: "failed", retryInMs: null },
    ],
    [
      "a retry schedule allows more attempts than MAX_ATTEMPTS",
      { outcome: "timeout", attempts: 5, schedule: [1, 1, 1, 1, 1, 1] },
      { status: "pending", retryInMs: 1_000 },
    ],
    [
      "a schedule entry gives way to a longer Retry-After",
      { outcome: "http_error", statusCode: 503, retryAfterMs: 20_000, schedule: [5] },
      { status: "pending", retryInMs: 20_000 },
    ],
  ])("%s", (_name, given, expected) => {
    const step = nextStep({
      result: {
        outcome: given.outcome,
        statusCode: given.statusCode ?? null,
        retryAfterMs: given.retryAfterMs ?? null,
      },
      attemptsSoFar: given.attempts ?? 1,
      maxAttempts: retry.maxAttempts,
      retrySchedule: given.schedule ?? null,
      isTest: given.test ?? false,
      retry,
      random: middle,
    });
    expect(step).toEqual(expected);
  });

  it("jitters the exponential delay by ±20 %", () => {
    const at = (random: number) =>
      nextStep({
        result: { outcome: "timeout", statusCode: null, retryAfterMs: null },
        attemptsSoFar: 2,
        maxAttempts: 5,
        retrySchedule: null,
        isTest: false,
        retry,
        random: () => random,
      }).retryInMs;
    expect(at(0)).toBe(1_600);
    expect(at(1)).toBe(2_400);
  });
});
