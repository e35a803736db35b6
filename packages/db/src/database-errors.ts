// Whether an error means "Postgres cannot be reached right now" (as opposed to a bad query):
// callers answer 503 and retry later instead of reporting a bug. Decided from error codes and
// the driver adapter's error kinds, which Prisma nests under `meta.driverAdapterError`.
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
// Postgres: connection exceptions (08xxx) and shutdown in progress (57P01-57P03).
const POSTGRES_UNAVAILABLE = /^08|^57P0[1-3]$/;

interface ErrorShape {
  code?: unknown;
  kind?: unknown;
  cause?: unknown;
  meta?: { driverAdapterError?: unknown };
}

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 5) return false;
  const { code, kind, cause, meta } = error as ErrorShape;
  if (
    typeof code === "string" &&
    (PRISMA_UNAVAILABLE.has(code) || SOCKET_CODES.has(code) || POSTGRES_UNAVAILABLE.test(code))
  ) {
    return true;
  }
  if (typeof kind === "string" && ADAPTER_KINDS.has(kind)) return true;
  return (
    isDatabaseUnavailable(cause, depth + 1) || isDatabaseUnavailable(meta?.driverAdapterError, depth + 1)
  );
}
