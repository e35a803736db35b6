// Whether an error means "Postgres cannot be reached right now" (as opposed to a bad query):
// callers answer 503 and retry later instead of reporting a bug.
const PRISMA_UNAVAILABLE = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2037"]);
const SOCKET_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EPIPE",
  "EHOSTUNREACH",
]);
const ADAPTER_KINDS = new Set([
  "DatabaseNotReachable",
  "ConnectionClosed",
  "SocketTimeout",
  "TooManyConnections",
]);

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    if (typeof current !== "object") return false;
    const { code, kind, message, cause } = current as {
      code?: unknown;
      kind?: unknown;
      message?: unknown;
      cause?: unknown;
    };
    if (typeof code === "string") {
      if (PRISMA_UNAVAILABLE.has(code) || SOCKET_CODES.has(code)) return true;
      // Postgres: connection exceptions (08xxx) and operator intervention (57P01 admin shutdown, …).
      if (/^08|^57P0[1-3]$/.test(code)) return true;
    }
    if (typeof kind === "string" && ADAPTER_KINDS.has(kind)) return true;
    if (kind === "postgres" && typeof code === "string" && /^08|^57P0[1-3]$/.test(code)) return true;
    // node-postgres reports a connection that died mid-query with this message and no code.
    if (typeof message === "string" && message.startsWith("Connection terminated")) return true;
    current = cause;
  }
  return false;
}
