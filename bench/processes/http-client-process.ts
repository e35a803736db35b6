// B_got, B_http, B_undici: one process POSTing ~1 KB JSON bodies to the receiver over
// keep-alive connections, `concurrency` requests at a time (closed loop: the next request
// leaves when one finishes), as fast as it can. The mode is the first argument.
import { randomUUID } from "node:crypto";
import http from "node:http";
import { got } from "got";
import { Agent, request } from "undici";
import { nowMs } from "../log.js";
import { deliveryLikeBody } from "../payload.js";
import { serveIpc } from "./ipc.js";

type Mode = "got" | "http" | "undici";
const mode = process.argv[2] as Mode;
if (!["got", "http", "undici"].includes(mode)) throw new Error(`unknown mode ${mode}`);

type Post = (url: string, headers: Record<string, string>, body: string) => Promise<number>;

// Each client configured as a delivery worker would use it: keep-alive, no retries, no redirects.
function client(): { post: Post; close(): void } {
  if (mode === "got") {
    const agent = new http.Agent({ keepAlive: true, scheduling: "lifo" });
    const instance = got.extend({
      agent: { http: agent },
      retry: { limit: 0 },
      followRedirect: false,
      throwHttpErrors: false,
      headers: { "content-type": "application/json" },
    });
    return {
      post: async (url, headers, body) => (await instance.post(url, { headers, body })).statusCode,
      close: () => agent.destroy(),
    };
  }
  if (mode === "http") {
    const agent = new http.Agent({ keepAlive: true, scheduling: "lifo" });
    return {
      post: (url, headers, body) =>
        new Promise((resolve, reject) => {
          const req = http.request(
            url,
            {
              method: "POST",
              agent,
              headers: {
                ...headers,
                "content-type": "application/json",
                "content-length": Buffer.byteLength(body),
              },
            },
            (res) => {
              res.on("data", () => {});
              res.on("end", () => resolve(res.statusCode ?? 0));
              res.on("error", reject);
            },
          );
          req.on("error", reject);
          req.end(body);
        }),
      close: () => agent.destroy(),
    };
  }
  const dispatcher = new Agent({ keepAliveTimeout: 60_000 });
  return {
    post: async (url, headers, body) => {
      const response = await request(url, {
        method: "POST",
        headers: { ...headers, "content-type": "application/json" },
        body,
        dispatcher,
      });
      await response.body.dump();
      return response.statusCode;
    },
    close: () => void dispatcher.close(),
  };
}

const { post, close } = client();

interface RunArgs {
  url: string;
  concurrency: number;
  warmupMs: number;
  durationMs: number;
}

async function run({ url, concurrency, warmupMs, durationMs }: RunArgs) {
  const start = nowMs();
  const measureFrom = start + warmupMs;
  const end = measureFrom + durationMs;
  let completed = 0;
  let errors = 0;
  let cpuBefore: NodeJS.CpuUsage | undefined;
  const loop = async (lane: number) => {
    for (let i = 0; nowMs() < end; i++) {
      const id = randomUUID();
      const body = deliveryLikeBody(id, nowMs());
      const headers = {
        "webhook-id": id,
        "webhook-timestamp": "1800000000",
        "webhook-signature": `v1,${id}`,
      };
      try {
        const status = await post(`${url}/ok/${(lane + i) % 100}`, headers, body);
        const done = nowMs();
        if (done >= measureFrom && done < end) {
          cpuBefore ??= process.cpuUsage();
          if (status === 200) completed++;
          else errors++;
        }
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, lane) => loop(lane)));
  const cpu = process.cpuUsage(cpuBefore);
  return {
    completed,
    errors,
    rate: completed / (durationMs / 1000),
    cpuPercent: Math.round(((cpu.user + cpu.system) / 1000 / durationMs) * 100),
  };
}

serveIpc({ run: (args) => run(args as RunArgs) }, { mode }, async () => close());
