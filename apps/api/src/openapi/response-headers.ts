// The headers Herald's own middleware sets on /v1 answers (http/envelope.ts, auth/rate-limit.ts),
// as named header components, and which answers carry which. response-headers.test.ts checks them
// against what a running api sends.

export const headerComponents = {
  RequestId: {
    description:
      "Identifies this request in Herald's logs; equal to meta.request_id. A well-formed X-Request-Id sent with the request (32 lower-case hex digits) is kept.",
    required: true,
    schema: { type: "string", pattern: "^[0-9a-f]{32}$" },
    example: "4f1c2a9e8b7d6c5e4f3a2b1c0d9e8f7a",
  },
  RateLimitLimit: {
    description:
      "Requests this API key may make per minute, across all API servers. Sent once the key is authenticated, unless the operator turned the limit off.",
    schema: { type: "integer", minimum: 1 },
    example: 6000,
  },
  RateLimitRemaining: {
    description:
      "Requests this API key may still make now; the allowance refills evenly over a minute. Sent with RateLimit-Limit.",
    schema: { type: "integer", minimum: 0 },
    example: 5987,
  },
  RetryAfter: {
    description: "Seconds to wait before trying again",
    required: true,
    schema: { type: "integer", minimum: 1 },
    example: 3,
  },
} as const;

const ref = (name: keyof typeof headerComponents) => ({ $ref: `#/components/headers/${name}` });

// After authentication every answer carries the rate-limit headers; a 401 comes before them, and a
// 429 from the rate limit itself (or from too many failed authentications) has Retry-After instead.
const afterAuthentication = {
  "X-Request-Id": ref("RequestId"),
  "RateLimit-Limit": ref("RateLimitLimit"),
  "RateLimit-Remaining": ref("RateLimitRemaining"),
};

export function headersOfResponse(name: string): Record<string, { $ref: string }> {
  if (name === "Unauthorized") return { "X-Request-Id": ref("RequestId") };
  if (name === "RateLimited") return { ...afterAuthentication, "Retry-After": ref("RetryAfter") };
  return afterAuthentication;
}

export const successHeaders = afterAuthentication;
