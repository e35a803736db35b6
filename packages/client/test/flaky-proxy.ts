// A real HTTP server in front of a Herald api that misbehaves as scripted, one step per request,
// and then forwards every further request: for testing what a client does on 429s, 5xx and
// dropped connections without touching the api.
import { once } from "node:events";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { buffer } from "node:stream/consumers";

export type Step =
  // Answer this, Herald-style, without forwarding.
  | { status: number; code: string; retryAfter?: string }
  // Answer an HTML error page, as a load balancer does.
  | { status: number; html: string }
  // Drop the connection without an answer.
  | "drop"
  // Forward, then drop the api's answer and send 503: the api did the work, the client never knew.
  | "forward-then-503";

export interface FlakyProxy {
  url: string;
  requests: { method: string; path: string; headers: IncomingMessage["headers"] }[];
  stop(): Promise<void>;
}

export async function startFlakyProxy(target: string, script: Step[]): Promise<FlakyProxy> {
  const requests: FlakyProxy["requests"] = [];
  const server = createServer(async (req, res) => {
    const body = await buffer(req);
    requests.push({ method: req.method ?? "", path: req.url ?? "", headers: req.headers });
    const step = script[requests.length - 1];
    if (step === "drop") {
      req.socket.destroy();
      return;
    }
    if (step === undefined || step === "forward-then-503") {
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter(
          ([name]) => !["host", "connection", "content-length"].includes(name),
        ),
      ) as Record<string, string>;
      const answer = await fetch(`${target}${req.url}`, {
        method: req.method,
        headers,
        body: body.length > 0 ? body : undefined,
      });
      const text = await answer.text();
      if (step === undefined) {
        res.writeHead(answer.status, { "content-type": "application/json" }).end(text);
        return;
      }
    }
    if (typeof step === "object" && "html" in step) {
      res.writeHead(step.status, { "content-type": "text/html" }).end(step.html);
      return;
    }
    const { status, code, retryAfter } =
      step === "forward-then-503"
        ? { status: 503, code: "SERVICE_UNAVAILABLE", retryAfter: undefined }
        : step;
    res.writeHead(status, {
      "content-type": "application/json",
      ...(retryAfter === undefined ? {} : { "retry-after": retryAfter }),
    });
    res.end(
      JSON.stringify({
        success: false,
        error: { code, message: code },
        meta: { request_id: "f".repeat(32) },
      }),
    );
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    async stop() {
      server.closeAllConnections();
      server.close();
      await once(server, "close");
    },
  };
}
