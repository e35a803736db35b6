import { describe, expect, it } from "vitest";
import { isRetryable } from "./retry.js";
import { createTransport, retryAfterSeconds } from "./transport.js";

describe("retryAfterSeconds", () => {
  const now = Date.parse("2026-12-01T10:00:00Z");
  it.each([
    ["7", 7],
    [" 0 ", 0],
    ["Tue, 01 Dec 2026 10:00:30 GMT", 30],
    // A date already past: retry now.
    ["Tue, 01 Dec 2026 09:59:00 GMT", 0],
    [null, undefined],
    ["", undefined],
    ["soon", undefined],
    ["-3", undefined],
  ])("reads %j as %j seconds", (header, seconds) => {
    expect(retryAfterSeconds(header, now)).toBe(seconds);
  });
});

describe("createTransport", () => {
  it("throws a header value fetch cannot send as a TypeError, not a connection error that events.send would retry", async () => {
    // Nothing listens on the discard port; the request must not get that far.
    const call = createTransport({ baseUrl: "http://127.0.0.1:9", apiKey: "hrld_sk_x", account: "şirket" });
    const error = await call("listWebhooks").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TypeError);
    expect(isRetryable(error)).toBe(false);
  });
});
