import http from "node:http";
import https from "node:https";
import { inSpan, SpanKind, SpanStatusCode } from "@herald/runtime";
import { got, RequestError, TimeoutError } from "got";
import { type AllowedNetworks, isHostAllowed } from "./address-policy.js";
import { parseRetryAfter } from "./backoff.js";
import { BlockedAddressError, guardedLookup, type Resolve } from "./guarded-lookup.js";

export type AttemptOutcome = "success" | "http_error" | "timeout" | "network_error" | "blocked";

// What one POST to a receiver came to. Failures are values, never exceptions.
export interface AttemptResult {
  outcome: AttemptOutcome;
  statusCode: number | null;
  durationMs: number;
  // The first 4 KiB of the response body, as text.
  responseSnippet: string | null;
  error: string | null;
  // From Retry-After on 429 and 503.
  retryAfterMs: number | null;
}

interface DeliveryHttpOptions {
  timeoutMs: number;
  bodyLimitBytes: number;
  allowedNetworks: AllowedNetworks;
  userAgent: string;
  // Where blocked destinations are reported with the address they resolved to (operators only).
  onBlocked?: (detail: { host: string; address: string }) => void;
  // Name resolution; node's resolver unless given (tests answer differently call by call).
  resolve?: Resolve;
}

export interface DeliveryHttp {
  // `timeoutMs`: a webhook's own, shorter than the client's.
  post(
    url: string,
    headers: Record<string, string>,
    body: string,
    timeoutMs?: number | null,
  ): Promise<AttemptResult>;
  close(): void;
}

const SNIPPET_BYTES = 4096;

// One long-lived got instance per process with keep-alive agents. Exactly one layer retries
// (BullMQ), so got never does; redirects are never followed; the whole request, body included,
// must finish within the timeout; the body is read to a cap and no further.
export function createDeliveryHttp(options: DeliveryHttpOptions): DeliveryHttp {
  const lookup = guardedLookup(options.allowedNetworks, options.resolve);
  const agentOptions = { keepAlive: true, scheduling: "lifo" as const, lookup };
  const agents = { http: new http.Agent(agentOptions), https: new https.Agent(agentOptions) };
  const client = got.extend({
    agent: agents,
    retry: { limit: 0 },
    followRedirect: false,
    throwHttpErrors: false,
    decompress: true,
    timeout: { request: options.timeoutMs },
    headers: { "user-agent": options.userAgent, "content-type": "application/json" },
  });

  // The POST as an OpenTelemetry client span: scheme, host and port only, never the full URL
  // (receivers put tokens in query strings).
  const post = (url: string, headers: Record<string, string>, body: string, timeoutMs?: number | null) => {
    const target = new URL(url);
    const attributes = {
      "http.request.method": "POST",
      "url.scheme": target.protocol.slice(0, -1),
      "server.address": target.hostname,
      "server.port": Number(target.port || (target.protocol === "https:" ? 443 : 80)),
    };
    return inSpan("POST", { kind: SpanKind.CLIENT, attributes }, async (span) => {
      const result = await send(url, headers, body, timeoutMs ?? options.timeoutMs);
      if (result.statusCode !== null) span.setAttribute("http.response.status_code", result.statusCode);
      span.setAttribute("herald.attempt.outcome", result.outcome);
      if (result.outcome !== "success")
        span.setStatus({ code: SpanStatusCode.ERROR, message: result.outcome });
      return result;
    });
  };

  async function send(
    url: string,
    headers: Record<string, string>,
    body: string,
    timeoutMs: number,
  ): Promise<AttemptResult> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const result = (outcome: AttemptOutcome, fields: Partial<AttemptResult>): AttemptResult => ({
      outcome,
      statusCode: null,
      responseSnippet: null,
      error: null,
      retryAfterMs: null,
      ...fields,
      durationMs: elapsed(),
    });

    const hostname = new URL(url).hostname;
    // Literal addresses never go through the DNS lookup that guards names.
    if (!isHostAllowed(hostname, options.allowedNetworks)) {
      options.onBlocked?.({ host: hostname, address: hostname });
      return result("blocked", { error: "destination not allowed" });
    }

    let statusCode: number | null = null;
    let retryAfterMs: number | null = null;
    const kept: Buffer[] = [];
    let keptBytes = 0;
    let totalBytes = 0;
    const stream = client.stream.post(url, { body, headers, timeout: { request: timeoutMs } });
    stream.once("response", (response: http.IncomingMessage) => {
      statusCode = response.statusCode ?? null;
      if (statusCode === 429 || statusCode === 503) {
        const header = response.headers["retry-after"];
        retryAfterMs = parseRetryAfter(Array.isArray(header) ? header[0] : header);
      }
    });
    const snippet = () => (kept.length === 0 ? null : toText(Buffer.concat(kept)));
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        totalBytes += chunk.length;
        if (keptBytes < SNIPPET_BYTES) {
          const part = chunk.subarray(0, SNIPPET_BYTES - keptBytes);
          kept.push(part);
          keptBytes += part.length;
        }
        if (totalBytes > options.bodyLimitBytes) {
          stream.destroy();
          return result("network_error", {
            statusCode,
            responseSnippet: snippet(),
            error: `response body exceeded ${options.bodyLimitBytes} bytes; stopped reading`,
          });
        }
      }
    } catch (error) {
      const blocked = blockedCause(error);
      if (blocked) options.onBlocked?.({ host: blocked.host, address: blocked.address });
      return result(classify(error), { statusCode, responseSnippet: snippet(), error: describe(error) });
    }
    const ok = statusCode !== null && statusCode >= 200 && statusCode < 300;
    return result(ok ? "success" : "http_error", {
      statusCode,
      responseSnippet: snippet(),
      retryAfterMs,
      error: ok ? null : `receiver answered ${statusCode}`,
    });
  }

  return {
    post,
    close() {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}

function blockedCause(error: unknown): BlockedAddressError | undefined {
  if (error instanceof BlockedAddressError) return error;
  if (error instanceof RequestError && error.cause instanceof BlockedAddressError) return error.cause;
  return undefined;
}

function classify(error: unknown): AttemptOutcome {
  if (error instanceof TimeoutError) return "timeout";
  if (blockedCause(error)) return "blocked";
  return "network_error";
}

// Name-resolution failures, told apart from refused or reset connections.
const RESOLUTION_ERRORS = new Set(["ENOTFOUND", "EAI_AGAIN", "EAI_FAIL", "EAI_NONAME", "ENODATA"]);

// Socket errors in words of our own: node's messages name the address and port connected to,
// which the tenant must not learn (a private network's layout, through ALLOWED_PRIVATE_NETWORKS).
const SOCKET_ERRORS: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  ECONNABORTED: "connection aborted",
  EPIPE: "connection closed while sending",
  ETIMEDOUT: "connection timed out",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
};

function describe(error: unknown): string {
  const blocked = blockedCause(error);
  if (blocked) return blocked.message;
  if (error instanceof RequestError) {
    if (RESOLUTION_ERRORS.has(error.code)) return "could not resolve the destination host";
    const socket = SOCKET_ERRORS[error.code];
    if (socket) return `${error.code}: ${socket}`;
    return error.code && error.code !== "ERR_GOT_REQUEST_ERROR"
      ? `${error.code}: ${error.message}`
      : error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

// Postgres text cannot hold NUL; anything else undecodable becomes U+FFFD.
function toText(bytes: Buffer): string {
  return bytes.toString("utf8").replaceAll("\u0000", "");
}
