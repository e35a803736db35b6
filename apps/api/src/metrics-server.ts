import { createServer, type Server } from "node:http";
import type { Registry } from "prom-client";

// The API's Prometheus metrics on a port of their own (API_METRICS_PORT), never on the public
// one: they describe every account's traffic, and the public port answers anyone.
export function startMetricsServer(options: { port: number; host: string; registry: Registry }): Server {
  const server = createServer(async (req, res) => {
    if (req.method !== "GET" || req.url !== "/metrics") {
      res.writeHead(404, { "content-type": "text/plain" }).end("Not found: metrics are at /metrics\n");
      return;
    }
    try {
      const text = await options.registry.metrics();
      res.writeHead(200, { "content-type": options.registry.contentType }).end(text);
    } catch {
      res.writeHead(500, { "content-type": "text/plain" }).end("metrics unavailable\n");
    }
  });
  server.listen(options.port, options.host);
  return server;
}
