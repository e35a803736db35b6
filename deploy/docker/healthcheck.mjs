// Docker HEALTHCHECK for every Herald role: asks the process's own /readyz, so a worker that
// lost Redis for good shows as unhealthy. Compose sets HEALTHCHECK_PORT per service
// (api 3000, worker 3001); one-shot commands (migrate, keys) disable the check.
const port = process.env.HEALTHCHECK_PORT ?? process.env.PORT ?? "3000";

try {
  const response = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(2500) });
  process.exit(response.ok ? 0 : 1);
} catch {
  process.exit(1);
}
