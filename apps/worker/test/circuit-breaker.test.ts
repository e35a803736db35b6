// A destination's circuit breaker end to end: a failing receiver trips it, Herald stops sending
// for the cool-down (no attempts spent), lets one probe through, and recovers when it succeeds.
// The account hears of it through webhook.circuit_opened.
import { type Receiver, startReceiver } from "@herald/local-stack/receiver";
import { Webhook as StandardWebhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HeraldStack } from "../../../test/support/herald-stack.js";

let stack: HeraldStack;
let flaky: Receiver;
// Another port, so another destination: its breaker is not the flaky one's.
let ops: Receiver;
let key: string;
const COOLDOWN_MS = 1_500;

beforeAll(async () => {
  [flaky, ops] = await Promise.all([startReceiver(), startReceiver()]);
  stack = await HeraldStack.start({
    worker: true,
    env: {
      BREAKER_FAILURES: "3",
      BREAKER_COOLDOWN_MS: String(COOLDOWN_MS),
      BREAKER_MAX_COOLDOWN_MS: "3000",
      DISABLE_AFTER_FAILURES: "100",
      RETRY_MAX_ATTEMPTS: "20",
      RETRY_BASE_DELAY_MS: "50",
      RETRY_MAX_DELAY_MS: "100",
    },
  });
  key = await stack.key(["*"]);
});
afterAll(async () => {
  await stack?.stop();
  await Promise.all([flaky?.stop(), ops?.stop()]);
});

async function create(body: Record<string, unknown>) {
  const created = await stack.call<{ id: string; secret: string; circuit: string }>("POST", "/v1/webhooks", {
    key,
    body,
  });
  expect(created.status).toBe(201);
  return created.body.data;
}

describe("circuit breaker", () => {
  it("trips after 3 failures, waits, probes, recovers, with no attempts spent while open", async () => {
    const watcher = await create({
      url: ops.endpoint("ops", { status: 200 }),
      events: ["webhook.circuit_opened"],
    });
    // Three failures, then healthy. One request at a time, so the order is the receiver's.
    const url = flaky.endpoint("down", [{ status: 500 }, { status: 500 }, { status: 500 }, { status: 200 }]);
    const hook = await create({ url, events: ["product.scored"], max_in_flight: 1 });
    expect(hook.circuit).toBe("closed");
    for (let i = 0; i < 5; i++) {
      const sent = await stack.call("POST", "/v1/events", {
        key,
        body: { type: "product.scored", data: { i } },
      });
      expect(sent.status).toBe(202);
    }

    const [opened] = await ops.waitForRequests("ops", 1, 15_000);
    new StandardWebhook(watcher.secret).verify(opened!.body, opened!.headers);
    const event = JSON.parse(opened!.body) as { type: string; data: Record<string, string> };
    expect(event.type).toBe("webhook.circuit_opened");
    expect(event.data).toMatchObject({ webhook_id: hook.id, destination: new URL(flaky.url).origin });
    const retryAt = Date.parse(event.data.retry_at!);

    // 3 failures + one success per delivery (the first being the probe).
    const requests = await flaky.waitForRequests("down", 8, 20_000);
    const times = requests.map((r) => r.receivedAt);
    // Waited the cool-down between the third failure and the probe (lower bound only).
    expect(times[3]! - times[2]!).toBeGreaterThanOrEqual(COOLDOWN_MS - 50);
    expect(times[3]!).toBeGreaterThanOrEqual(retryAt - 50);

    const rows = await stack.query<{ status: string; attempts: number }>(
      "SELECT d.status::text AS status, d.attempt_count AS attempts FROM deliveries d WHERE d.webhook_id = $1",
      [hook.id],
    );
    await expect
      .poll(
        async () =>
          (
            await stack.query<{ n: number }>(
              "SELECT count(*)::int AS n FROM deliveries WHERE webhook_id = $1 AND status = 'succeeded'",
              [hook.id],
            )
          )[0]!.n,
        { timeout: 10_000 },
      )
      .toBe(5);
    // Every attempt recorded is a request the receiver got: none was spent while open.
    const [attempts] = await stack.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id WHERE d.webhook_id = $1",
      [hook.id],
    );
    expect(attempts!.n).toBe(8);
    expect(flaky.requests("down")).toHaveLength(8);
    expect(rows).toHaveLength(5);

    const fetched = await stack.call<{ circuit: string; circuit_retry_at: string | null }>(
      "GET",
      `/v1/webhooks/${hook.id}`,
      { key },
    );
    expect(fetched.body.data).toMatchObject({ circuit: "closed", circuit_retry_at: null });
  });
});
