// The worker logs one info line per delivery attempt (ids, outcome, status, duration), and never
// the URL, the payload or the signing secret.
import { waitFor } from "@herald/local-stack";
import { type Receiver, startReceiver } from "@herald/local-stack/receiver";
import { afterAll, beforeAll, expect, it } from "vitest";
import { HeraldStack, waitForDeliveries } from "../../../test/support/herald-stack.js";

let stack: HeraldStack;
let receiver: Receiver;

beforeAll(async () => {
  receiver = await startReceiver();
  stack = await HeraldStack.start({
    worker: true,
    env: { LOG_LEVEL: "info", RETRY_BASE_DELAY_MS: "20", RETRY_MAX_DELAY_MS: "50" },
  });
});
afterAll(async () => {
  await stack?.stop();
  await receiver?.stop();
});

it("logs every attempt of a delivery that fails once, then succeeds", async () => {
  const key = await stack.key(["*"]);
  const url = `${receiver.endpoint("flaky", [{ status: 503 }, { status: 200 }])}?token=only-in-the-url`;
  const created = await stack.call<{ id: string; secret: string }>("POST", "/v1/webhooks", {
    key,
    body: { url, events: ["product.scored"] },
  });
  expect(created.status).toBe(201);
  const event = await stack.call<{ id: string }>("POST", "/v1/events", {
    key,
    body: { type: "product.scored", data: { marker: "payload-never-logged" } },
  });
  const [delivery] = await waitForDeliveries(stack, event.body.data.id);
  expect(delivery).toMatchObject({ status: "succeeded", attempt_count: 2 });

  const worker = stack.apps.find((app) => app.role === "worker")!;
  const attempts = await waitFor("both attempt lines", async () => {
    const lines = worker
      .output()
      .filter((line) => line.includes('"delivery attempt"'))
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line.deliveryId === delivery!.id);
    return lines.length === 2 ? lines : undefined;
  });
  expect(attempts[0]).toMatchObject({
    level: "info",
    webhookId: created.body.data.id,
    attempt: 1,
    outcome: "http_error",
    statusCode: 503,
    deliveryStatus: "pending",
    retryInMs: expect.any(Number),
    durationMs: expect.any(Number),
  });
  expect(attempts[1]).toMatchObject({
    attempt: 2,
    outcome: "success",
    statusCode: 200,
    deliveryStatus: "succeeded",
    durationMs: expect.any(Number),
  });
  const output = worker.output().join("\n");
  for (const text of ["only-in-the-url", "payload-never-logged", created.body.data.secret])
    expect(output).not.toContain(text);
});
