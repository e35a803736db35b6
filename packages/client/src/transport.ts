import { HeraldConnectionError, HeraldError } from "./errors.js";
import { routes } from "./generated/routes.js";
import type { CallOptions, Data, MetaOf, OperationId } from "./types.js";

export interface TransportOptions {
  // The API's address, e.g. https://herald.example.com (no /v1).
  baseUrl: string;
  // hrld_sk_... (an API key) or hrld_ps_... (a portal session).
  apiKey: string;
  // The account every call acts for unless a call names another (service keys only).
  account?: string;
  // Defaults to the global fetch.
  fetch?: typeof fetch;
}

export interface RequestInput {
  path?: Record<string, string>;
  query?: object;
  body?: unknown;
  headers?: Record<string, string>;
  options?: CallOptions | undefined;
}

export type Transport = <K extends OperationId>(
  operationId: K,
  input?: RequestInput,
) => Promise<{ data: Data<K>; meta: MetaOf<K> }>;

export function createTransport(options: TransportOptions): Transport {
  const base = options.baseUrl.replace(/\/+$/, "");
  const send = options.fetch ?? globalThis.fetch;
  return async (operationId, input = {}) => {
    const route = routes[operationId];
    const url = new URL(base + fillPath(route.path, input.path ?? {}));
    for (const [name, value] of Object.entries(input.query ?? {})) {
      for (const item of [value].flat()) if (item !== undefined) url.searchParams.append(name, String(item));
    }
    const headers: Record<string, string> = {
      accept: "application/json",
      authorization: `Bearer ${options.apiKey}`,
      ...input.headers,
    };
    const account = input.options?.account ?? options.account;
    if (account !== undefined) headers["herald-account"] = account;
    if (input.body !== undefined) headers["content-type"] = "application/json";
    // Built before sending: a value fetch cannot send (a line break, a character beyond Latin-1) is
    // the caller's TypeError here, not a connection error that events.send would retry.
    const sent = new Headers(headers);
    let response: Response;
    try {
      response = await send(url, {
        method: route.method,
        headers: sent,
        body: input.body === undefined ? undefined : JSON.stringify(input.body),
        signal: input.options?.signal,
      });
    } catch (error) {
      if (input.options?.signal?.aborted) throw error;
      throw new HeraldConnectionError(`${route.method} ${url.pathname}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    const text = await response.text();
    const envelope = parseJson(text);
    if (response.ok && envelope?.success === true)
      return { data: envelope.data, meta: envelope.meta } as never;
    throw errorOf(response, envelope, text);
  };
}

function fillPath(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new TypeError(`missing path parameter ${name}`);
    return encodeURIComponent(value);
  });
}

interface Envelope {
  success?: unknown;
  data?: unknown;
  meta?: { request_id?: string };
  error?: { code?: string; message?: string; details?: Record<string, string> };
}

function parseJson(text: string): Envelope | undefined {
  try {
    const value = JSON.parse(text);
    return typeof value === "object" && value !== null ? value : undefined;
  } catch {
    return undefined;
  }
}

function errorOf(response: Response, envelope: Envelope | undefined, text: string): HeraldError {
  const retryAfter = retryAfterSeconds(response.headers.get("retry-after"));
  const requestId = envelope?.meta?.request_id ?? response.headers.get("x-request-id") ?? undefined;
  const error = envelope?.error;
  if (typeof error?.code === "string") {
    const code = error.code as HeraldError["code"];
    return new HeraldError(
      response.status,
      code,
      error.message ?? code,
      error.details,
      requestId,
      retryAfter,
    );
  }
  const message = `HTTP ${response.status} without Herald's error envelope: ${text.slice(0, 200)}`;
  return new HeraldError(response.status, "UNEXPECTED_RESPONSE", message, undefined, requestId, retryAfter);
}

// Retry-After is delay-seconds or an HTTP date.
export function retryAfterSeconds(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  // Date.parse also takes "-3" (a year): an HTTP date names its day and month.
  const date = /^[A-Za-z]{3}, /.test(value.trim()) ? Date.parse(value) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}
