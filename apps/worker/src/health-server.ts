import { createServer, type Server, type ServerResponse } from "node:http";
import type { Registry } from "prom-client";

// The worker's own port: /healthz (process up), /readyz (dependencies answer and the worker is
// consuming), /metrics. Answers in the same envelope as the API.
export function startHealthServer(options: {
  port: number;
  host: string;
  registry: Registry;
  readiness: () => Promise<Record<string, string>>;
}): Server {
  const reply = (res: ServerResponse, status: number, body: { data: unknown } | { error: unknown }) => {
    const envelope = { success: status < 400, ...body, meta: { timestamp: new Date().toISOString() } };
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(envelope));
  };
  const server = createServer(async (req, res) => {
    try {
      if (req.url === "/healthz") return reply(res, 200, { data: { status: "ok" } });
      if (req.url === "/readyz") {
        const checks = await options.readiness();
        if (Object.values(checks).every((value) => value === "ok")) {
          return reply(res, 200, { data: { status: "ready", checks } });
        }
        return reply(res, 503, {
          error: { code: "SERVICE_UNAVAILABLE", message: "Not ready", details: checks },
        });
      }
      if (req.url === "/metrics") {
        res
          .writeHead(200, { "content-type": options.registry.contentType })
          .end(await options.registry.metrics());
        return;
      }
      reply(res, 404, { error: { code: "NOT_FOUND", message: "Not found" } });
    } catch {
      reply(res, 500, { error: { code: "INTERNAL_ERROR", message: "An unexpected error occurred" } });
    }
  });
  server.listen(options.port, options.host);
  return server;
}
