// Receivers that misbehave: each is a recorded failed attempt within the timeout, redirects are
// never followed, bodies are read only up to the cap, and the worker's memory stays flat.
import { type Behaviour, type Receiver, startReceiver } from "@herald/local-stack/receiver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attemptsOf, HeraldStack, waitForDeliveries } from "../../../test/support/herald-stack.js";

let receiver: Receiver;
const TYPES = ["t.hang", "t.trickle", "t.huge", "t.bomb", "t.redirect", "t.reset"];
const stackEnv = {
  RETRY_MAX_ATTEMPTS: "2",
  RESPONSE_BODY_LIMIT_BYTES: "65536",
  EXTRA_EVENT_TYPES: TYPES.join(","),
};
// The timeouts are under test here, so they are short; the body cap has a stack of its own
// whose timeout is long enough that only the cap, never a busy machine's clock, ends a read.
let stack: HeraldStack;
let key: string;
let capped: HeraldStack;
let cappedKey: string;

beforeAll(async () => {
  receiver = await startReceiver();
  [stack, capped] = await Promise.all([
    HeraldStack.start({ worker: true, env: { ...stackEnv, DELIVERY_TIMEOUT_MS: "1000" } }),
    HeraldStack.start({ worker: true, env: { ...stackEnv, DELIVERY_TIMEOUT_MS: "60000" } }),
  ]);
  [key, cappedKey] = await Promise.all([stack.key(["*"]), capped.key(["*"])]);
});
afterAll(async () => {
  await Promise.all([stack?.stop(), capped?.stop()]);
  await receiver?.stop();
});

// One webhook subscribed to its own event type, one event, until the delivery is final.
async function deliver(type: string, behaviour: Behaviour | Behaviour[], on = { stack, key }) {
  const { stack, key } = on;
  const created = await stack.call("POST", "/v1/webhooks", {
    key,
    body: { url: receiver.endpoint(type, behaviour), events: [type] },
  });
  expect(created.status).toBe(201);
  const event = await stack.call<{ id: string }>("POST", "/v1/events", {
    key,
    body: { type, data: { n: 1 } },
  });
  const [delivery] = await waitForDeliveries(stack, event.body.data.id);
  return { delivery: delivery!, attempts: await attemptsOf(stack, delivery!.id) };
}

async function workerRss(): Promise<number> {
  const worker = capped.apps.find((app) => app.role === "worker")!;
  const metrics = await (await fetch(`${worker.url}/metrics`)).text();
  return Number(/^process_resident_memory_bytes\{[^}]*\} (\d+)/m.exec(metrics)?.[1]);
}

describe("misbehaving receivers", () => {
  it.each([
    ["t.hang", { mode: "hang" } as const],
    ["t.trickle", { mode: "trickle", intervalMs: 100 } as const],
  ])("%s: a timeout on every attempt, each ended by DELIVERY_TIMEOUT_MS", async (type, behaviour) => {
    const { delivery, attempts } = await deliver(type, behaviour);
    expect(delivery.status).toBe("failed");
    expect(attempts.map((a) => a.outcome)).toEqual(["timeout", "timeout"]);
    // A timer never fires early; how late it fires depends on the machine's load, and a
    // trickle that the timeout did not end would never end (the test would time out).
    for (const attempt of attempts) expect(attempt.duration_ms).toBeGreaterThanOrEqual(950);
  });

  it("never follows a redirect, even to the metadata address", async () => {
    const { delivery, attempts } = await deliver("t.redirect", {
      mode: "redirect",
      location: "http://169.254.169.254/latest/meta-data/",
    });
    expect(delivery).toMatchObject({ status: "failed", last_status_code: 302 });
    expect(attempts.map((a) => [a.outcome, a.status_code])).toEqual([
      ["http_error", 302],
      ["http_error", 302],
    ]);
  });

  it("stops reading a 50 MB body and a gzip bomb at the cap, with the worker's memory flat", async () => {
    const before = await workerRss();
    const on = { stack: capped, key: cappedKey };
    const huge = await deliver("t.huge", { mode: "huge", bytes: 50 * 1024 * 1024 }, on);
    const bomb = await deliver("t.bomb", { mode: "gzip-bomb", decompressedBytes: 20 * 1024 * 1024 }, on);
    for (const { delivery, attempts } of [huge, bomb]) {
      expect(delivery.status).toBe("failed");
      expect(attempts).toHaveLength(2);
      for (const attempt of attempts) {
        expect(attempt).toMatchObject({ outcome: "network_error", status_code: 200 });
        expect(attempt.error).toMatch(/exceeded 65536 bytes/);
      }
    }
    // The first 4 KiB is kept (the bomb's zeros are NUL characters, which text cannot hold).
    expect(huge.attempts[0]!.response_snippet).toBe("a".repeat(4096));
    expect(bomb.attempts[0]!.response_snippet).toBe("");
    expect(await workerRss()).toBeLessThan(before + 40 * 1024 * 1024);
  });

  it("counts a 2xx whose connection resets before the body ends as a failure, and retries it", async () => {
    const { delivery, attempts } = await deliver("t.reset", [{ mode: "reset-mid-body" }, { status: 200 }]);
    expect(delivery.status).toBe("succeeded");
    expect(attempts.map((a) => [a.outcome, a.status_code])).toEqual([
      ["network_error", 200],
      ["success", 200],
    ]);
  });
});
