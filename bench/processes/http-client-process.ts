// B_got, B_http, B_undici: one process POSTing ~1 KB JSON bodies to the receiver over
// keep-alive connections, `concurrency` requests at a time (closed loop: the next request
// leaves when one finishes), as fast as it can. The mode is the first argument. B_got is
// Herald's own delivery client (createDeliveryHttp: the same got instance, options and stream
// mode, body cap, snippet, guarded lookup), so H stays the ceiling of the client Herald uses.
import { randomUUID } from "node:crypto";
import http from "node:http";
import { createDeliveryHttp, parseNetworks } from "@herald/delivery";
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
    // As the bench's worker runs it (DELIVERY_TIMEOUT_MS from BENCH_OVERRIDES, the default
    // RESPONSE_BODY_LIMIT_BYTES).
    const delivery = createDeliveryHttp({
      timeoutMs: 5_000,
      bodyLimitBytes: 256 * 1024,
      allowedNetworks: parseNetworks(["127.0.0.0/8"]),
      userAgent: "Herald-bench",
    });
    return {
      post: async (url, headers, body) => {
        const result = await delivery.post(url, headers, body);
        if (result.statusCode === null) throw new Error(result.error ?? result.outcome);
        return result.statusCode;
      },
      close: () => delivery.close(),
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
    cpuMsPerRequest:
      Math.round(((cpu.user + cpu.system) / 1000 / Math.max(1, completed + errors)) * 1000) / 1000,
  };
}

serveIpc({ run: (args) => run(args as RunArgs) }, { mode }, async () => close());
