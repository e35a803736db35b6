// Correctness at the edges: the retry budget lives in Postgres, a manual retry never vanishes
// behind an in-flight attempt, an undecryptable secret fails loudly, a test delivery orphaned by
// an API crash is expired, and an account's webhooks are bounded.
import { createSecretBox } from "@herald/db";
import { waitFor } from "@herald/local-stack";
import { type Receiver, startReceiver } from "@herald/local-stack/receiver";
import { createDeliveryQueue, createRedisConnection } from "@herald/queue";
import { Webhook as StandardWebhook } from "standardwebhooks";
import { afterAll, beforeAll, expect, it } from "vitest";
import { HeraldStack, waitForDeliveries } from "../support/herald-stack.js";

let stack: HeraldStack;
let receiver: Receiver;

beforeAll(async () => {
  receiver = await startReceiver();
  stack = await HeraldStack.start({
    worker: true,
    env: {
      RETRY_MAX_ATTEMPTS: "3",
      // About a second between attempts: time to lose a job between two of them.
      RETRY_BASE_DELAY_MS: "1000",
      RETRY_BACKOFF_FACTOR: "1",
      RETRY_MAX_DELAY_MS: "2000",
      MAX_WEBHOOKS_PER_ACCOUNT: "3",
      EXTRA_EVENT_TYPES: "e.lost,e.final,e.secret,e.orphan,e.rotate",
    },
  });
});
afterAll(async () => {
  await stack?.stop();
  await receiver?.stop();
});

async function subscribe(
  key: string,
  name: string,
  type: string,
  behaviour: Parameters<Receiver["endpoint"]>[1],
) {
  const created = await stack.call<{ id: string }>("POST", "/v1/webhooks", {
    key,
    body: { url: receiver.endpoint(name, behaviour), events: [type] },
  });
  expect(created.status).toBe(201);
  return created.body.data.id;
}

async function deliveryOf(key: string, type: string): Promise<string> {
  const sent = await stack.call<{ id: string }>("POST", "/v1/events", { key, body: { type, data: {} } });
  expect(sent.status).toBe(202);
  const [row] = await waitForDeliveries(stack, sent.body.data.id, (rows) => rows.length > 0);
  return row!.id;
}

const statusOf = async (deliveryId: string) =>
  (
    await stack.query<{ status: string }>("SELECT status::text FROM deliveries WHERE id = $1", [deliveryId])
  )[0]?.status;

const attemptCount = async (deliveryId: string) =>
  (
    await stack.query<{ attempt_count: number }>("SELECT attempt_count FROM deliveries WHERE id = $1", [
      deliveryId,
    ])
  )[0]?.attempt_count;

it("a job lost between attempts and re-added by the sweeper continues the budget in Postgres", async () => {
  const key = await stack.key(["*"], "budget");
  await subscribe(key, "lost", "e.lost", { status: 500 });
  const deliveryId = await deliveryOf(key, "e.lost");
  await waitFor("two attempts recorded", async () => (await attemptCount(deliveryId)) === 2);
  // Redis loses the job while it waits for its third attempt.
  const redis = createRedisConnection(stack.env.REDIS_URL!, "producer");
  const queue = createDeliveryQueue(redis, stack.env.QUEUE_PREFIX!);
  await waitFor("the job to wait for its retry", async () => (await queue.getJob(deliveryId))?.isDelayed());
  await queue.remove(deliveryId);
  await queue.close();
  redis.disconnect();

  expect(await statusOf(deliveryId)).toBe("pending");
  await waitFor("the delivery to fail", async () => (await statusOf(deliveryId)) === "failed", {
    timeoutMs: 20_000,
  });
  // Failed is final: with the budget in BullMQ the re-added job had 3 attempts of its own and
  // failed the delivery only after them (5 requests in all).
  expect(receiver.requests("lost")).toHaveLength(3);
  expect(await attemptCount(deliveryId)).toBe(3);
}, 40_000);

it("a manual retry while the final attempt is in flight is honoured after it", async () => {
  const key = await stack.key(["*"], "final");
  // The final (third) attempt hangs until DELIVERY_TIMEOUT_MS: the retry is answered while it is
  // in flight, and that attempt then records a failure that would end the delivery.
  await subscribe(key, "final", "e.final", [
    { status: 500 },
    { status: 500 },
    { mode: "hang" },
    { status: 200 },
  ]);
  const deliveryId = await deliveryOf(key, "e.final");
  await receiver.waitForRequests("final", 3, 15_000);
  const retried = await stack.call<{ status: string }>("POST", `/v1/deliveries/${deliveryId}/retry`, { key });
  expect(retried.status).toBe(202);
  expect(retried.body.data.status).toBe("pending");
  await waitFor("the retried delivery to succeed", async () => (await statusOf(deliveryId)) === "succeeded");
  const attempts = await stack.query<{ outcome: string }>(
    "SELECT outcome::text FROM delivery_attempts WHERE delivery_id = $1 ORDER BY attempt_number",
    [deliveryId],
  );
  expect(attempts.map((attempt) => attempt.outcome)).toEqual([
    "http_error",
    "http_error",
    "timeout",
    "success",
  ]);
  expect(receiver.requests("final")).toHaveLength(4);
}, 40_000);

it("an undecryptable secret fails the delivery at once with a clear last_error, an error log and a metric", async () => {
  const key = await stack.key(["*"], "secret");
  const hookId = await subscribe(key, "secret", "e.secret", { status: 200 });
  // Encrypted under a key this Herald does not have (SECRET_ENCRYPTION_KEY was changed, say).
  const foreign = createSecretBox(Buffer.alloc(32, 9).toString("base64")).encrypt("whsec_c2VjcmV0");
  await stack.query("UPDATE webhooks SET secret_encrypted = $1 WHERE id = $2", [foreign, hookId]);
  const deliveryId = await deliveryOf(key, "e.secret");
  await waitFor("the delivery to fail", async () => (await statusOf(deliveryId)) === "failed");
  const [row] = await stack.query<{ last_error: string; attempt_count: number }>(
    "SELECT last_error, attempt_count FROM deliveries WHERE id = $1",
    [deliveryId],
  );
  expect(row).toEqual({
    last_error:
      "the webhook's signing secret could not be decrypted with SECRET_ENCRYPTION_KEY; nothing was sent",
    attempt_count: 0,
  });
  expect(receiver.requests("secret")).toHaveLength(0);
  const worker = stack.apps.find((app) => app.role === "worker")!;
  const metrics = await (await fetch(`${worker.url}/metrics`)).text();
  expect(metrics).toMatch(/^herald_secret_decrypt_failures_total(\{[^}]*\})? 1$/m);
  const logged = worker
    .output()
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .find((line) => line.deliveryId === deliveryId);
  expect(logged).toMatchObject({ level: "error", webhookId: hookId });
  expect(JSON.stringify(logged)).not.toContain("whsec_");
}, 30_000);

it("a test delivery left pending by an API that died mid-send is failed by the sweeper", async () => {
  const key = await stack.key(["*"], "orphan");
  const hookId = await subscribe(key, "orphan", "e.orphan", { mode: "hang" });
  const doomed = await stack.startApp("api");
  const call = fetch(`${doomed.url}/v1/webhooks/${hookId}/test`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}` },
  }).catch(() => undefined);
  await receiver.waitForRequests("orphan", 1);
  await doomed.kill();
  await call;
  const orphan = async () =>
    (
      await stack.query<{ status: string; last_error: string | null }>(
        "SELECT status::text, last_error FROM deliveries WHERE webhook_id = $1 AND is_test",
        [hookId],
      )
    )[0];
  expect((await orphan())?.status).toBe("pending");
  await waitFor(
    "the orphaned test delivery to be expired",
    async () => (await orphan())?.status === "failed",
    {
      timeoutMs: 20_000,
    },
  );
  expect((await orphan())?.last_error).toBe(
    "test delivery abandoned: the API stopped before recording its outcome",
  );
  expect(receiver.requests("orphan")).toHaveLength(1);
}, 40_000);

it("bounds an account's webhooks with MAX_WEBHOOKS_PER_ACCOUNT, even under concurrent creates", async () => {
  const key = await stack.key(["*"], "quota");
  await subscribe(key, "q-1", "e.lost", { status: 200 });
  const before = await stack.snapshot();
  const racing = await Promise.all(
    Array.from({ length: 4 }, (_, i) =>
      stack.call("POST", "/v1/webhooks", {
        key,
        body: { url: receiver.endpoint(`q-race-${i}`, { status: 200 }), events: ["e.lost"] },
      }),
    ),
  );
  expect(racing.map((answer) => answer.status).sort()).toEqual([201, 201, 422, 422]);
  const over = racing.find((answer) => answer.status === 422)!;
  expect(over.body.error).toEqual({
    code: "VALIDATION_ERROR",
    message:
      "This account already has 3 webhooks, the most MAX_WEBHOOKS_PER_ACCOUNT allows (3); delete one first",
    details: { webhooks: "at most 3 per account (MAX_WEBHOOKS_PER_ACCOUNT)" },
  });
  expect(Number((await stack.snapshot()).webhooks)).toBe(Number(before.webhooks) + 2);
  // Another account is not affected, and a deleted webhook frees its place.
  expect(
    (
      await stack.call("POST", "/v1/webhooks", {
        key: await stack.key(["*"], "quota-2"),
        body: { url: receiver.endpoint("q-other", { status: 200 }), events: ["e.lost"] },
      })
    ).status,
  ).toBe(201);
  const first = racing.find((answer) => answer.status === 201)!.body.data.id as string;
  expect((await stack.call("DELETE", `/v1/webhooks/${first}`, { key })).status).toBe(200);
  expect(
    (
      await stack.call("POST", "/v1/webhooks", {
        key,
        body: { url: receiver.endpoint("q-again", { status: 200 }), events: ["e.lost"] },
      })
    ).status,
  ).toBe(201);
});

it("rotations keep every announced secret until its own expiry, serialise, and stay a short list", async () => {
  const key = await stack.key(["*"], "rotations");
  const created = await stack.call<{ id: string; secret: string }>("POST", "/v1/webhooks", {
    key,
    body: { url: receiver.endpoint("rotate", { status: 200 }), events: ["e.rotate"] },
  });
  const { id, secret: original } = created.body.data;
  const rotate = async (grace?: number) =>
    stack.call<{ secret: string; previous_secret_expires_at: string | null }>(
      "POST",
      `/v1/webhooks/${id}/rotate-secret`,
      { key, body: grace === undefined ? {} : { grace_period_seconds: grace } },
    );
  const first = await rotate(600);
  // A second rotation inside the first one's grace period, then two at once.
  const second = await rotate(300);
  const racing = await Promise.all([rotate(600), rotate(600)]);
  for (const answer of [first, second, ...racing]) expect(answer.status).toBe(200);
  const secrets = [original, ...[first, second, ...racing].map((answer) => answer.body.data.secret)];

  const signedBy = async () => {
    const seen = receiver.requests("rotate").length;
    await deliveryOf(key, "e.rotate");
    const requests = await receiver.waitForRequests("rotate", seen + 1);
    const request = requests.at(-1)!;
    return {
      count: request.headers["webhook-signature"]!.split(" ").length,
      verifies: secrets.map((secret) => {
        try {
          new StandardWebhook(secret).verify(request.body, request.headers);
          return true;
        } catch {
          return false;
        }
      }),
    };
  };
  expect(await signedBy()).toEqual({ count: 5, verifies: [true, true, true, true, true] });

  // Four earlier secrets are the most: another graced rotation is refused and changes nothing.
  const refused = await rotate(600);
  expect(refused.status).toBe(409);
  expect(refused.body.error.message).toContain("already has 4 earlier secrets inside their grace periods");
  // Without a grace period every earlier secret stops at once.
  const plain = await rotate();
  expect(plain.status).toBe(200);
  expect(plain.body.data.previous_secret_expires_at).toBeNull();
  secrets.push(plain.body.data.secret);
  expect(await signedBy()).toEqual({ count: 1, verifies: [false, false, false, false, false, true] });
});
