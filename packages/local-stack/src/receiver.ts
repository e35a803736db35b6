// A real HTTP receiver for tests, the dev demo and benchmarks. Each endpoint is a path with a
// behaviour that can be changed at any time: answer a status, hang, trickle, redirect, send a
// huge body or a gzip bomb, reset the connection mid-body. It records every request it got.
import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { gzipSync } from "node:zlib";
import { waitFor } from "./ports.js";

export type Behaviour =
  | { status: number; body?: string; headers?: Record<string, string>; delayMs?: number }
  | { mode: "hang" }
  // Answers 200 once the test calls release(name): holds a request in flight exactly as long as
  // the test needs, instead of for a time (the client's own timeout still applies).
  | { mode: "hold" }
  | { mode: "trickle"; intervalMs?: number }
  | { mode: "huge"; bytes: number }
  | { mode: "gzip-bomb"; decompressedBytes?: number }
  | { mode: "redirect"; location: string }
  | { mode: "reset-mid-body" };

export interface ReceivedRequest {
  endpoint: string;
  method: string;
  headers: Record<string, string>;
  body: string;
  receivedAt: number;
}

export interface EndpointStats {
  inFlight: number;
  maxInFlight: number;
  received: number;
}

export interface Receiver {
  url: string;
  // Registers (or changes) an endpoint; a list is played in order, its last entry repeating.
  endpoint(name: string, behaviour: Behaviour | Behaviour[]): string;
  requests(name?: string): ReceivedRequest[];
  waitForRequests(name: string, count: number, timeoutMs?: number): Promise<ReceivedRequest[]>;
  // One endpoint's, or the whole receiver's (every endpoint together) without a name.
  stats(name?: string): EndpointStats;
  // Answers every request the endpoint holds ({ mode: "hold" }) now; returns how many.
  release(name: string): number;
  stop(): Promise<void>;
}

interface Endpoint {
  script: Behaviour[];
  stats: EndpointStats;
  held: (() => void)[];
}

const bombs = new Map<number, Buffer>();

function gzipBomb(decompressedBytes: number): Buffer {
  let bomb = bombs.get(decompressedBytes);
  if (!bomb) {
    bomb = gzipSync(Buffer.alloc(decompressedBytes), { level: 9 });
    bombs.set(decompressedBytes, bomb);
  }
  return bomb;
}

export async function startReceiver(options: { port?: number; record?: boolean } = {}): Promise<Receiver> {
  const endpoints = new Map<string, Endpoint>();
  const received: ReceivedRequest[] = [];
  const sockets = new Set<Socket>();
  const record = options.record ?? true;
  const total: EndpointStats = { inFlight: 0, maxInFlight: 0, received: 0 };

  const server = createServer(async (req, res) => {
    const name = decodeURIComponent((req.url ?? "/").slice(1).split("?")[0] ?? "");
    const endpoint = endpoints.get(name);
    const body = await readBody(req);
    if (!endpoint) {
      res.writeHead(404).end("unknown endpoint");
      return;
    }
    const { stats, script } = endpoint;
    const behaviour = script[Math.min(stats.received, script.length - 1)]!;
    for (const counted of [stats, total]) {
      counted.received++;
      counted.inFlight++;
      counted.maxInFlight = Math.max(counted.maxInFlight, counted.inFlight);
    }
    res.once("close", () => {
      stats.inFlight--;
      total.inFlight--;
    });
    if (record) {
      received.push({
        endpoint: name,
        method: req.method ?? "",
        headers: Object.fromEntries(
          Object.entries(req.headers).map(([key, value]) => [
            key,
            Array.isArray(value) ? value.join(", ") : (value ?? ""),
          ]),
        ),
        body,
        receivedAt: Date.now(),
      });
    }
    if ("mode" in behaviour && behaviour.mode === "hold") {
      await new Promise<void>((resolve) => endpoint.held.push(resolve));
      await respond(res, { status: 200 });
      return;
    }
    await respond(res, behaviour);
  });
  server.keepAliveTimeout = 60_000;
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  server.listen(options.port ?? 0, "127.0.0.1");
  await once(server, "listening");
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    endpoint(name, behaviour) {
      const script = Array.isArray(behaviour) ? behaviour : [behaviour];
      const existing = endpoints.get(name);
      if (existing) existing.script = script;
      else endpoints.set(name, { script, stats: { inFlight: 0, maxInFlight: 0, received: 0 }, held: [] });
      return `${url}/${encodeURIComponent(name)}`;
    },
    requests: (name) => (name === undefined ? received : received.filter((r) => r.endpoint === name)),
    waitForRequests: (name, count, timeoutMs = 20_000) =>
      waitFor(
        `${count} request(s) at receiver endpoint "${name}"`,
        async () => {
          const got = received.filter((r) => r.endpoint === name);
          return got.length >= count ? got : undefined;
        },
        { timeoutMs, intervalMs: 20 },
      ),
    release(name) {
      const held = endpoints.get(name)?.held.splice(0) ?? [];
      for (const answer of held) answer();
      return held.length;
    },
    stats(name) {
      if (name === undefined) return { ...total };
      const endpoint = endpoints.get(name);
      if (!endpoint) throw new Error(`no receiver endpoint "${name}"`);
      return { ...endpoint.stats };
    },
    async stop() {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, "close").catch(() => undefined);
    },
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

async function respond(res: ServerResponse, behaviour: Behaviour): Promise<void> {
  if ("status" in behaviour) {
    if (behaviour.delayMs) await sleep(behaviour.delayMs);
    res.writeHead(behaviour.status, { "content-type": "text/plain", ...behaviour.headers });
    res.end(behaviour.body ?? "");
    return;
  }
  switch (behaviour.mode) {
    case "hang":
      return; // never answers; the client's timeout ends it
    case "trickle": {
      res.writeHead(200, { "content-type": "text/plain" });
      while (!res.destroyed) {
        res.write("x");
        await sleep(behaviour.intervalMs ?? 1000);
      }
      return;
    }
    case "huge": {
      res.writeHead(200, {
        "content-type": "application/octet-stream",
        "content-length": String(behaviour.bytes),
      });
      const chunk = Buffer.alloc(64 * 1024, 97);
      const closed = once(res, "close");
      let sent = 0;
      while (sent < behaviour.bytes && !res.destroyed) {
        const size = Math.min(chunk.length, behaviour.bytes - sent);
        if (!res.write(size === chunk.length ? chunk : chunk.subarray(0, size))) {
          await Promise.race([once(res, "drain"), closed]);
        }
        sent += size;
      }
      res.end();
      return;
    }
    case "gzip-bomb": {
      const bomb = gzipBomb(behaviour.decompressedBytes ?? 20 * 1024 * 1024);
      res.writeHead(200, {
        "content-type": "text/plain",
        "content-encoding": "gzip",
        "content-length": String(bomb.length),
      });
      res.end(bomb);
      return;
    }
    case "redirect":
      res.writeHead(302, { location: behaviour.location }).end();
      return;
    case "reset-mid-body":
      res.writeHead(200, { "content-type": "text/plain", "content-length": "1000" });
      res.write("partial");
      await sleep(20);
      res.socket?.destroy();
      return;
  }
}
