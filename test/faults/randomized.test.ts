// Randomized chaos: 1000 events across 20 webhooks while workers are SIGKILLed and restarted at
// random and one endpoint flaps between failing and healthy. The ledger must balance: every
// delivery ends succeeded, each at least once at its receiver, none missing.
// HERALD_FAULT_ROUNDS (npm run test:faults -- --long) repeats it with other seeds.
import { type HeraldApp, waitFor } from "@herald/local-stack";
import { type Receiver, startReceiver } from "@herald/local-stack/receiver";
import { afterAll, beforeAll, expect, it } from "vitest";
import { HeraldStack } from "../support/herald-stack.js";

const ROUNDS = Number(process.env.HERALD_FAULT_ROUNDS ?? 1);
const FIRST_SEED = Number(process.env.HERALD_FAULT_SEED ?? 20261122);
const EVENTS = 1000;
const WEBHOOKS = 20;
const TYPES = Array.from({ length: WEBHOOKS }, (_, i) => `chaos.t${i}`);

let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(() => receiver?.stop());

// mulberry32: a small seeded generator, so a failing seed can be replayed.
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Ledger {
  seed: number;
  published: number;
  delivered: number;
  failed: number;
  missing: number;
  kills: number;
  extraSends: number;
}

async function round(seed: number): Promise<Ledger> {
  const rand = random(seed);
  const stack = await HeraldStack.start({
    env: {
      JOB_LOCK_MS: "1500",
      SWEEP_INTERVAL_MS: "500",
      SWEEP_STALE_AFTER_MS: "3000",
      RETRY_MAX_ATTEMPTS: "50",
      RETRY_BASE_DELAY_MS: "100",
      RETRY_MAX_DELAY_MS: "800",
      DISABLE_AFTER_FAILURES: "1000000",
      WORKER_CONCURRENCY: "40",
      EXTRA_EVENT_TYPES: TYPES.join(","),
    },
  });
  const workers: HeraldApp[] = [];
  let kills = 0;
  let chaos = true;
  try {
    const key = await stack.key(["*"]);
    const flapping = `s${seed}-w0`;
    for (let i = 0; i < WEBHOOKS; i++) {
      const url = receiver.endpoint(`s${seed}-w${i}`, { status: 200, delayMs: Math.floor(rand() * 20) });
      await stack.call("POST", "/v1/webhooks", { key, body: { url, events: [TYPES[i]] } });
    }
    workers.push(await stack.startApp("worker"), await stack.startApp("worker"));

    // Chaos in the background: kill a random worker and start a fresh one; flap one endpoint.
    const mayhem = (async () => {
      let failing = false;
      while (chaos) {
        await new Promise((resolve) => setTimeout(resolve, 400 + rand() * 1200));
        if (!chaos) break;
        if (rand() < 0.6 && workers.length > 0) {
          const victim = workers.splice(Math.floor(rand() * workers.length), 1)[0]!;
          await victim.kill();
          kills++;
          workers.push(await stack.startApp("worker"));
        } else {
          failing = !failing;
          receiver.endpoint(flapping, failing ? { status: 503 } : { status: 200 });
        }
      }
      receiver.endpoint(flapping, { status: 200 });
    })();

    const events: string[] = [];
    for (let start = 0; start < EVENTS; start += 25) {
      const batch = await Promise.all(
        Array.from({ length: 25 }, (_, i) => {
          const type = TYPES[Math.floor(rand() * WEBHOOKS)]!;
          return stack.call<{ id: string }>("POST", "/v1/events", {
            key,
            body: { type, data: { n: start + i } },
          });
        }),
      );
      for (const answer of batch) {
        expect(answer.status).toBe(202);
        events.push(answer.body.data.id);
      }
    }
    // Let the chaos run a while longer, then let the system settle.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    chaos = false;
    await mayhem;
    await waitFor(
      `seed ${seed}: every delivery to finish`,
      async () => {
        const [row] = await stack.query<{ pending: number }>(
          "SELECT count(*)::int AS pending FROM deliveries WHERE status = 'pending'",
        );
        return row?.pending === 0;
      },
      { timeoutMs: 90_000, intervalMs: 500 },
    );
    const [ledger] = await stack.query<{
      published: number;
      deliveries: number;
      delivered: number;
      failed: number;
    }>(
      `SELECT (SELECT count(*)::int FROM events) AS published, count(*)::int AS deliveries,
              count(*) FILTER (WHERE status = 'succeeded')::int AS delivered,
              count(*) FILTER (WHERE status = 'failed')::int AS failed
       FROM deliveries`,
    );
    const received = new Map<string, number>();
    for (const request of receiver.requests()) {
      if (!request.endpoint.startsWith(`s${seed}-`)) continue;
      const id = request.headers["webhook-id"]!;
      received.set(id, (received.get(id) ?? 0) + 1);
    }
    const missing = events.filter((id) => !received.has(id)).length;
    // Retries after the flapping endpoint failed, and duplicates after kills (allowed: at-least-once).
    const extraSends = [...received.values()].reduce((sum, n) => sum + n - 1, 0);
    return {
      seed,
      published: ledger!.published,
      delivered: ledger!.delivered,
      failed: ledger!.failed,
      missing,
      kills,
      extraSends,
    };
  } finally {
    chaos = false;
    await stack.stop();
  }
}

it(
  `12: ${EVENTS} events to ${WEBHOOKS} webhooks through worker kills and a flapping endpoint: the ledger balances`,
  async () => {
    const ledgers: Ledger[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const ledger = await round(FIRST_SEED + r);
      console.log(`seed ${ledger.seed}: ${JSON.stringify(ledger)}`);
      ledgers.push(ledger);
      expect(ledger.published).toBe(EVENTS);
      expect(ledger.delivered + ledger.failed).toBe(EVENTS);
      expect(ledger.failed).toBe(0);
      expect(ledger.missing).toBe(0);
      expect(ledger.kills).toBeGreaterThan(0);
    }
    if (ROUNDS > 1) {
      const total = (field: keyof Ledger) => ledgers.reduce((sum, l) => sum + l[field], 0);
      console.log(
        `totals over ${ROUNDS} seeds: published ${total("published")}, delivered ${total("delivered")}, failed ${total("failed")}, missing ${total("missing")}, worker kills ${total("kills")}, extra sends (retries and duplicates) ${total("extraSends")}`,
      );
    }
  },
  180_000 * ROUNDS,
);
