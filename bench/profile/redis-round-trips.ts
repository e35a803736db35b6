// Redis round trips per delivery, and Redis time per delivery by command or Lua script, from
// SLOWLOG with a threshold of 0 (every command is logged with its wall-clock duration, its
// arguments and its client). EVALSHA calls are named by matching the SHA against BullMQ's script sources;
// the worker's endpoint-slot script is recognised by its key. Used only in the profiling run:
// logging every command costs Redis time itself.
import { createHash } from "node:crypto";
import { readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { round } from "../log.js";
import { withRedis } from "./counters.js";

export interface RoundTrip {
  name: string;
  perDelivery: number;
  usPerCall: number;
  usPerDelivery: number;
}

export interface RedisRoundTrips {
  perDelivery: number;
  usPerDelivery: number;
  byCommand: RoundTrip[];
}

async function bullmqScriptNames(): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  try {
    const require = createRequire(import.meta.url);
    const dir = join(dirname(require.resolve("bullmq/package.json")), "dist", "esm", "scripts");
    for (const file of readdirSync(dir).filter((name) => /^[a-zA-Z]+-\d+\.js$/.test(name))) {
      const module = (await import(pathToFileURL(join(dir, file)).href)) as Record<
        string,
        { name?: string; content?: string }
      >;
      for (const script of Object.values(module)) {
        if (script?.name && script.content)
          names.set(createHash("sha1").update(script.content).digest("hex"), script.name);
      }
    }
  } catch {
    // Unnamed scripts are reported by SHA instead.
  }
  return names;
}

export async function startRoundTripLog(url: string): Promise<void> {
  await withRedis(url, async (redis) => {
    await redis.config("SET", "slowlog-max-len", "1000000");
    await redis.config("SET", "slowlog-log-slower-than", "0");
    await redis.slowlog("RESET");
  });
}

type SlowlogEntry = [number, number, number, string[], ...unknown[]];

export async function readRoundTripLog(url: string, deliveries: number): Promise<RedisRoundTrips> {
  const entries = await withRedis(url, async (redis) => {
    await redis.config("SET", "slowlog-log-slower-than", "10000");
    const log = (await redis.slowlog("GET", -1)) as SlowlogEntry[];
    await redis.slowlog("RESET");
    await redis.config("SET", "slowlog-max-len", "128");
    return log;
  });
  const names = await bullmqScriptNames();
  const totals = new Map<string, { calls: number; us: number }>();
  for (const [, , us, args, client] of entries) {
    // Commands run by a Lua script are logged too, by the fake client "?:0"; their time is
    // already inside the script's entry and they are no round trip.
    if (String(client ?? "").startsWith("?")) continue;
    let name = String(args[0] ?? "?").toLowerCase();
    if (["config", "slowlog", "info"].includes(name)) continue;
    if (name === "evalsha" || name === "eval") {
      const sha = String(args[1] ?? "");
      const keys = args.slice(3).join(" ");
      // The in-flight caps' scripts: release passes the holder alone after its keys.
      const argv = args.length - 3 - Number(args[2] ?? 0);
      name =
        names.get(sha) ??
        (keys.includes(":slots:")
          ? argv === 1
            ? "heraldReleaseSlots (in-flight caps release)"
            : "heraldAcquireSlots (in-flight caps)"
          : `script ${sha.slice(0, 8)}`);
    }
    const total = totals.get(name) ?? { calls: 0, us: 0 };
    total.calls++;
    total.us += us;
    totals.set(name, total);
  }
  const per = (n: number) => round(n / Math.max(1, deliveries), 2);
  const byCommand = [...totals.entries()]
    .map(([name, t]) => ({
      name,
      perDelivery: per(t.calls),
      usPerCall: round(t.us / t.calls, 1),
      usPerDelivery: per(t.us),
    }))
    .sort((a, b) => b.usPerDelivery - a.usPerDelivery);
  const calls = [...totals.values()].reduce((sum, t) => sum + t.calls, 0);
  const us = [...totals.values()].reduce((sum, t) => sum + t.us, 0);
  return { perDelivery: per(calls), usPerDelivery: per(us), byCommand };
}
