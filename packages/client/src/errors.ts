import type { ErrorCode } from "./types.js";

// An error answer of the API, from its envelope { success: false, error: { code, message, details }, meta }.
// `code` is UNEXPECTED_RESPONSE when the answer was not Herald's envelope (a proxy's error page).
export class HeraldError extends Error {
  override name = "HeraldError";
  constructor(
    readonly status: number,
    readonly code: ErrorCode | "UNEXPECTED_RESPONSE",
    message: string,
    readonly details: Record<string, string> | undefined,
    readonly requestId: string | undefined,
    // Seconds, from a 429's or 503's Retry-After header.
    readonly retryAfter: number | undefined,
  ) {
    super(message);
  }
}

// The request never got an answer (connection refused or reset, DNS, TLS); `cause` has the reason.
export class HeraldConnectionError extends Error {
  override name = "HeraldConnectionError";
}
