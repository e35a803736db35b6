// The bench's receiver: a minimal Node HTTP server in its own process that answers at once.
// URLs are /<namespace>/<class>/<n>: the namespace is the scenario (or baseline) the request
// belongs to, the class says how to answer:
//   ok   → 200 at once
//   fail → 500 until the namespace "recovers", then 200
//   hang → never answers (the sender's timeout ends it) until the namespace recovers
// For every 2xx answer it records the receipt per (webhook-id, URL), so the bench can count
// unique deliveries and duplicates, and the ingest→receipt latency from the scheduled send
// time the load generator put in the payload ("sent_at"). Baselines send the same kind of
// body to the same receiver, so the receiver's own cost is the same in every measurement.
import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createHistogram, type RecordableHistogram } from "node:perf_hooks";
import { nowMs } from "./log.js";
import { serveIpc } from "./processes/ipc.js";

interface ClassStats {
  requests: number;
  answered2xx: number;
  unique: number;
  duplicates: number;
  latencyUs: RecordableHistogram;
  firstAt: number;
  lastAt: number;
  // 2xx receipts per wall-clock second (of arrival), for throughput over any window.
  perSecond: Map<number, number>;
}

interface Namespace {
  recovered: boolean;
  window: { from: number; to: number } | undefined;
  classes: Map<string, ClassStats>;
  seen: Set<string>;
  inFlight: Map<string, number>;
  maxInFlight: Map<string, number>;
  // Every path of the namespace together.
  inFlightTotal: number;
  maxInFlightTotal: number;
  held: Set<ServerResponse>;
}

const namespaces = new Map<string, Namespace>();
const SENT_AT = /"sent_at":\s*(\d+(?:\.\d+)?)/;

function namespace(name: string): Namespace {
  let ns = namespaces.get(name);
  if (!ns) {
    ns = {
      recovered: false,
      window: undefined,
      classes: new Map(),
      seen: new Set(),
      inFlight: new Map(),
      maxInFlight: new Map(),
      inFlightTotal: 0,
      maxInFlightTotal: 0,
      held: new Set(),
    };
    namespaces.set(name, ns);
  }
  return ns;
}

function classStats(ns: Namespace, name: string): ClassStats {
  let stats = ns.classes.get(name);
  if (!stats) {
    stats = {
      requests: 0,
      answered2xx: 0,
      unique: 0,
      duplicates: 0,
      latencyUs: createHistogram(),
      firstAt: 0,
      lastAt: 0,
      perSecond: new Map(),
    };
    ns.classes.set(name, stats);
  }
  return stats;
}

function answerOk(
  ns: Namespace,
  stats: ClassStats,
  req: IncomingMessage,
  res: ServerResponse,
  arrived: number,
  body: string,
) {
  // A sender that already gave up (timeout) never sees this answer: not a delivery.
  if (res.destroyed || req.socket.destroyed) return;
  res.writeHead(200, { "content-type": "text/plain", "content-length": "2" }).end("ok");
  stats.answered2xx++;
  const key = `${req.headers["webhook-id"] ?? ""} ${req.url}`;
  if (ns.seen.has(key)) stats.duplicates++;
  else {
    ns.seen.add(key);
    stats.unique++;
  }
  if (stats.firstAt === 0) stats.firstAt = arrived;
  stats.lastAt = Math.max(stats.lastAt, arrived);
  const second = Math.floor(arrived / 1000);
  stats.perSecond.set(second, (stats.perSecond.get(second) ?? 0) + 1);
  const sentAt = Number(SENT_AT.exec(body)?.[1] ?? Number.NaN);
  if (Number.isFinite(sentAt) && (!ns.window || (sentAt >= ns.window.from && sentAt < ns.window.to))) {
    stats.latencyUs.record(Math.max(1, Math.round((arrived - sentAt) * 1000)));
  }
}

function handle(req: IncomingMessage, res: ServerResponse, arrived: number, body: string) {
  const [, nsName = "", className = "ok"] = (req.url ?? "/").split("/");
  const ns = namespace(nsName);
  const stats = classStats(ns, className);
  stats.requests++;
  const path = req.url ?? "/";
  const inFlight = (ns.inFlight.get(path) ?? 0) + 1;
  ns.inFlight.set(path, inFlight);
  if (inFlight > (ns.maxInFlight.get(path) ?? 0)) ns.maxInFlight.set(path, inFlight);
  ns.inFlightTotal++;
  ns.maxInFlightTotal = Math.max(ns.maxInFlightTotal, ns.inFlightTotal);
  res.once("close", () => {
    ns.inFlight.set(path, (ns.inFlight.get(path) ?? 1) - 1);
    ns.inFlightTotal--;
  });

  if (className === "hang" && !ns.recovered) {
    const release = () => answerOk(ns, stats, req, res, arrived, body);
    (res as ServerResponse & { release?: () => void }).release = release;
    ns.held.add(res);
    res.once("close", () => ns.held.delete(res));
    return;
  }
  if (className === "fail" && !ns.recovered) {
    res.writeHead(500, { "content-type": "text/plain", "content-length": "4" }).end("fail");
    return;
  }
  answerOk(ns, stats, req, res, arrived, body);
}

function serve() {
  const server = createServer((req, res) => {
    const arrived = nowMs();
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => handle(req, res, arrived, Buffer.concat(chunks).toString("utf8")));
  });
  server.keepAliveTimeout = 120_000;
  // Hanging requests are ended by the sender's timeout, never by ours.
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;
  return server;
}

// The same receiver on a second port: to Herald another destination (scheme + host + port).
const server = serve();
const otherServer = serve();
otherServer.listen(0, "127.0.0.1");
server.listen(0, "127.0.0.1", async () => {
  if (!otherServer.listening) await once(otherServer, "listening");
  const port = (server.address() as AddressInfo).port;
  const otherPort = (otherServer.address() as AddressInfo).port;
  serveIpc(
    {
      snapshot: (args) => snapshot((args as { ns: string }).ns),
      window: (args) => {
        const { ns: name, from, to } = args as { ns: string; from: number; to: number };
        const ns = namespace(name);
        ns.window = { from, to };
        for (const stats of ns.classes.values()) stats.latencyUs.reset();
      },
      recover: (args) => {
        const ns = namespace((args as { ns: string }).ns);
        ns.recovered = true;
        for (const res of [...ns.held]) (res as ServerResponse & { release?: () => void }).release?.();
        ns.held.clear();
      },
      forget: (args) => {
        namespaces.delete((args as { ns: string }).ns);
      },
    },
    { port, otherPort },
    async () => {
      for (const each of [server, otherServer]) {
        each.closeAllConnections();
        each.close();
      }
    },
  );
});

export interface ClassSnapshot {
  requests: number;
  answered2xx: number;
  unique: number;
  duplicates: number;
  latencyCount: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  // Arrival of the first and last 2xx receipt (epoch ms).
  firstAt: number;
  lastAt: number;
  perSecond: [number, number][];
}

export interface NamespaceSnapshot {
  classes: Record<string, ClassSnapshot>;
  maxInFlightByPath: Record<string, number>;
  // The most requests open at once over the whole namespace.
  maxInFlight: number;
  inFlightNow: number;
}

function snapshot(name: string): NamespaceSnapshot {
  const ns = namespace(name);
  const classes: Record<string, ClassSnapshot> = {};
  for (const [className, stats] of ns.classes) {
    const h = stats.latencyUs;
    const count = h.count;
    const ms = (value: number) => (count === 0 ? 0 : value / 1000);
    classes[className] = {
      requests: stats.requests,
      answered2xx: stats.answered2xx,
      unique: stats.unique,
      duplicates: stats.duplicates,
      latencyCount: count,
      p50Ms: ms(h.percentile(50)),
      p90Ms: ms(h.percentile(90)),
      p99Ms: ms(h.percentile(99)),
      maxMs: ms(h.max),
      firstAt: stats.firstAt,
      lastAt: stats.lastAt,
      perSecond: [...stats.perSecond.entries()].sort((a, b) => a[0] - b[0]),
    };
  }
  return {
    classes,
    maxInFlightByPath: Object.fromEntries(ns.maxInFlight),
    maxInFlight: ns.maxInFlightTotal,
    inFlightNow: [...ns.inFlight.values()].reduce((a, b) => a + b, 0),
  };
}
