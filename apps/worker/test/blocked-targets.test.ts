// The address policy is enforced by the worker at connect time, on the address it actually
// connects to: here the API's policy allows loopback URLs but the worker's does not.
import { type Receiver, startReceiver } from "@herald/local-stack/receiver";
import { afterAll, beforeAll, expect, it } from "vitest";
import { attemptsOf, HeraldStack, waitForDeliveries } from "../../../test/support/herald-stack.js";

let stack: HeraldStack;
let receiver: Receiver;

beforeAll(async () => {
  receiver = await startReceiver();
  stack = await HeraldStack.start({ env: { RETRY_MAX_ATTEMPTS: "3" } });
  await stack.startApp("worker", { ALLOWED_PRIVATE_NETWORKS: "10.0.0.0/8" });
});
afterAll(async () => {
  await stack?.stop();
  await receiver?.stop();
});

it.each([
  ["a literal loopback address", (url: string) => url],
  ["a name that resolves to loopback", (url: string) => url.replace("127.0.0.1", "localhost")],
])("blocks %s once, without retrying or sending anything", async (_name, toUrl) => {
  const key = await stack.key(["*"]);
  const url = toUrl(receiver.endpoint(`blocked-${_name}`, { status: 200 }));
  const created = await stack.call("POST", "/v1/webhooks", {
    key,
    body: { url, events: ["product.synced"] },
  });
  expect(created.status).toBe(201);
  const event = await stack.call<{ id: string }>("POST", "/v1/events", {
    key,
    body: { type: "product.synced", data: {} },
  });
  const rows = await waitForDeliveries(stack, event.body.data.id, (r) =>
    r.every((row) => row.status !== "pending"),
  );
  const delivery = rows.find((row) => row.webhook_id === created.body.data.id)!;
  expect(delivery.status).toBe("failed");
  const attempts = await attemptsOf(stack, delivery.id);
  expect(attempts).toHaveLength(1);
  expect(attempts[0]).toMatchObject({ outcome: "blocked", status_code: null });
  expect(attempts[0]!.error).toMatch(/not (an )?allowed/);
  expect(receiver.requests(`blocked-${_name}`)).toHaveLength(0);
  await stack.call("DELETE", `/v1/webhooks/${created.body.data.id}`, { key });
});
