import { createServer, type Server } from "node:http";
import type { Registry } from "prom-client";

// The worker's own port: /healthz (process up), /readyz (dependencies answer and the worker is
// consuming), /metrics. Answers in the same envelope as the API.
export function startHealthServer(options: {
  port: number;
  host: string;
  registry: Registry;
  readiness: () => Promise<Record<string, string>>;
}): Server {
  const send = (res: import("node:http").ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  };
  const meta = () => ({ timestamp: new Date().toISOString() });
  const server = createServer(async (req, res) => {
    try {
      if (req.url === "/healthz")
        return send(res, 200, { success: true, data: { status: "ok" }, meta: meta() });
      if (req.url === "/readyz") {
        const checks = await options.readiness();
        const ready = Object.values(checks).every((value) => value === "ok");
        return ready
          ? send(res, 200, { success: true, data: { status: "ready", checks }, meta: meta() })
          : send(res, 503, {
              success: false,
              error: { code: "SERVICE_UNAVAILABLE", message: "Not ready", details: checks },
              meta: meta(),
            });
      }
      if (req.url === "/metrics") {
        res
          .writeHead(200, { "content-type": options.registry.contentType })
          .end(await options.registry.metrics());
        return;
      }
      send(res, 404, { success: false, error: { code: "NOT_FOUND", message: "Not found" }, meta: meta() });
    } catch {
      send(res, 500, {
        success: false,
        error: { code: "INTERNAL_ERROR", message: "An unexpected error occurred" },
        meta: meta(),
      });
    }
  });
  server.listen(options.port, options.host);
  return server;
}
