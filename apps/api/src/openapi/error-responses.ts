import type { ErrorCode } from "../http/app-error.js";
import type { DocumentedOperation } from "../http/operation.js";

// The 4xx/5xx answers of the document, one named response each, with the error codes they carry.
export const errorResponses = {
  400: {
    name: "BadRequest",
    description: "Malformed JSON or a body that is not JSON",
    codes: ["BAD_REQUEST"],
  },
  401: {
    name: "Unauthorized",
    description: "No, a malformed, unknown or revoked credential",
    codes: ["UNAUTHORIZED"],
  },
  403: {
    name: "Forbidden",
    description: "The credential lacks the operation's scope, or names another account in Herald-Account",
    codes: ["FORBIDDEN"],
  },
  404: {
    name: "NotFound",
    description: "No such resource in this account, or (service keys) no account named in Herald-Account",
    codes: ["NOT_FOUND"],
  },
  409: { name: "Conflict", description: "The resource's state does not allow this now", codes: ["CONFLICT"] },
  413: {
    name: "PayloadTooLarge",
    description: "The body is larger than this API accepts (256 KiB unless the operator changed it)",
    codes: ["PAYLOAD_TOO_LARGE"],
  },
  422: {
    name: "ValidationError",
    description: "A field, query parameter or header is invalid; `details` names each one",
    codes: ["VALIDATION_ERROR"],
  },
  429: {
    name: "RateLimited",
    description: "Rate limit or failed-authentication limit reached; see Retry-After",
    codes: ["RATE_LIMITED"],
  },
  500: {
    name: "InternalError",
    description: "An unexpected error; meta.request_id finds it in Herald's logs",
    codes: ["INTERNAL_ERROR"],
  },
  503: {
    name: "ServiceUnavailable",
    description: "Herald's database or queue is unreachable; nothing was changed, retry later",
    codes: ["SERVICE_UNAVAILABLE"],
  },
} satisfies Record<number, { name: string; description: string; codes: ErrorCode[] }>;

type Status = keyof typeof errorResponses;

// Every operation can answer 401, 403 (scope or Herald-Account), 404 (an unknown account in
// Herald-Account), 422 (a bad Herald-Account header or parameter), 429, 500 and 503; bodies add 400
// and 413, and so does every POST: one that takes none still reads what is sent (only {} or nothing).
export function errorsOf(op: DocumentedOperation): Status[] {
  const statuses = new Set<Status>([401, 403, 404, 422, 429, 500, 503]);
  if (op.body || op.method === "post") {
    statuses.add(400);
    statuses.add(413);
  }
  for (const code of op.errors ?? []) {
    const status = (Object.keys(errorResponses) as unknown as Status[]).find((key) =>
      (errorResponses[key].codes as string[]).includes(code),
    );
    if (status) statuses.add(Number(status) as Status);
  }
  return [...statuses].sort();
}
