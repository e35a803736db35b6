// Scenario 7: how long one hostile event body of MAX_PAYLOAD_BYTES holds the API's event loop.
// Each body is sent `repeats` times in a row while /healthz is asked every 5 ms; the API's own
// event-loop monitor (prom-client's nodejs_eventloop_lag_max_seconds, reset at every scrape of
// API_METRICS_PORT) gives the worst stall, and /healthz's slowest answer is the same stall as a
// client sees it. A 1 KB body measured the same way is the baseline.
import { round, say, sleep } from "../log.js";
import { createAccount } from "../stack.js";
import type { ScenarioContext } from "./common.js";

export interface HostileBody {
  name: string;
  bytes: number;
  status: number;
  lagMaxMs: number;
  healthzMaxMs: number;
}

export interface HostileBodiesResult {
  maxPayloadBytes: number;
  maxJsonDepth: number;
  repeats: number;
  baseline: HostileBody;
  bodies: HostileBody[];
  worst: HostileBody;
}

const MAX_PAYLOAD_BYTES = 256 * 1024;
const MAX_JSON_DEPTH = 32;

// Bodies that fill the byte budget in the ways that cost a validator most.
function bodies(bytes: number): { name: string; text: string }[] {
  const budget = bytes - 200;
  const fill = (part: (i: number) => string) => {
    const parts: string[] = [];
    let size = 0;
    for (let i = 0; size < budget; i++) {
      const next = part(i);
      size += next.length + 1;
      parts.push(next);
    }
    parts.pop();
    return parts.join(",");
  };
  const deepest = (i: number) => {
    const levels = MAX_JSON_DEPTH - 1;
    return `"k${i}":${"[".repeat(levels)}0${"]".repeat(levels)}`;
  };
  const wrap = (data: string) => `{"type":"product.scored","data":{${data}}}`;
  const tooDeep = Math.floor(budget / 2);
  return [
    { name: `branches ${MAX_JSON_DEPTH} levels deep`, text: wrap(fill(deepest)) },
    { name: "one object, tiny keys", text: wrap(fill((i) => `"${i.toString(36)}":0`)) },
    { name: "escaped strings", text: wrap(fill((i) => `"s${i}":"\\u00e9\\n\\"\\u2603"`)) },
    {
      name: `${tooDeep} levels (over MAX_JSON_DEPTH → 422)`,
      text: `{"type":"product.scored","data":{"a":${"[".repeat(tooDeep)}${"]".repeat(tooDeep)}}}`,
    },
  ];
}

async function lagMaxMs(metricsUrl: string): Promise<number> {
  const text = await (await fetch(`${metricsUrl}/metrics`)).text();
  const line = text.split("\n").find((entry) => entry.startsWith("nodejs_eventloop_lag_max_seconds"));
  return Number(line?.slice(line.lastIndexOf(" ") + 1) ?? Number.NaN) * 1000;
}

async function measure(
  ctx: ScenarioContext,
  key: string,
  name: string,
  text: string,
  repeats: number,
): Promise<HostileBody> {
  const api = ctx.stack.api!;
  await sleep(200);
  await lagMaxMs(api.metricsUrl); // resets the monitor
  let healthzMaxMs = 0;
  let sending = true;
  const probe = (async () => {
    while (sending) {
      const started = performance.now();
      await fetch(`${api.url}/healthz`).then((response) => response.arrayBuffer());
      healthzMaxMs = Math.max(healthzMaxMs, performance.now() - started);
      await sleep(5);
    }
  })();
  let status = 0;
  for (let i = 0; i < repeats; i++) {
    const response = await fetch(`${api.url}/v1/events`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: text,
    });
    await response.arrayBuffer();
    status = response.status;
  }
  sending = false;
  await probe;
  const lag = await lagMaxMs(api.metricsUrl);
  const result = {
    name,
    bytes: Buffer.byteLength(text),
    status,
    lagMaxMs: round(lag, 1),
    healthzMaxMs: round(healthzMaxMs, 1),
  };
  say(
    `hostile body "${name}" (${result.bytes} bytes) → ${status}: event loop max ${result.lagMaxMs} ms, /healthz max ${result.healthzMaxMs} ms`,
  );
  return result;
}

export async function hostileBodiesScenario(ctx: ScenarioContext): Promise<HostileBodiesResult> {
  say("scenario 7: event-loop delay of hostile bodies of MAX_PAYLOAD_BYTES");
  // No webhooks: the events are stored with no deliveries, so only the API's work is measured.
  const account = await createAccount(ctx.stack, "hostile-bodies");
  const repeats = ctx.settings.mode === "quick" ? 5 : 20;
  const small = `{"type":"product.scored","data":{"blob":"${"x".repeat(900)}"}}`;
  const baseline = await measure(ctx, account.key, "1 KB (baseline)", small, repeats);
  const measured: HostileBody[] = [];
  for (const body of bodies(MAX_PAYLOAD_BYTES))
    measured.push(await measure(ctx, account.key, body.name, body.text, repeats));
  const worst = measured.reduce((a, b) => (b.lagMaxMs > a.lagMaxMs ? b : a));
  return {
    maxPayloadBytes: MAX_PAYLOAD_BYTES,
    maxJsonDepth: MAX_JSON_DEPTH,
    repeats,
    baseline,
    bodies: measured,
    worst,
  };
}
