// Rotating SECRET_ENCRYPTION_KEY: every stored secret is re-encrypted, deliveries under the new
// key still verify with the secret the receiver holds, and a wrong old key changes nothing.

import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { repoRoot } from "@herald/local-stack";
import { type Receiver, startReceiver } from "@herald/local-stack/receiver";
import { bundledProgram } from "@herald/local-stack/testing";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, expect, it } from "vitest";
import { HeraldStack, waitForDeliveries } from "../../../test/support/herald-stack.js";

let stack: HeraldStack;
let receiver: Receiver;

beforeAll(async () => {
  receiver = await startReceiver();
  stack = await HeraldStack.start();
});
afterAll(async () => {
  await stack?.stop();
  await receiver?.stop();
});

function rotate(oldKey: string, newKey: string) {
  return spawnSync(process.execPath, bundledProgram("apps/api/src/cli/rotate-encryption-key.ts"), {
    cwd: repoRoot,
    env: {
      ...process.env,
      DATABASE_URL: stack.env.DATABASE_URL,
      SECRET_ENCRYPTION_KEY: oldKey,
      NEW_SECRET_ENCRYPTION_KEY: newKey,
    },
    encoding: "utf8",
  });
}

it("re-encrypts every secret under the new key; deliveries still verify; reruns and wrong keys are safe", async () => {
  const key = await stack.key(["*"]);
  const created = await stack.call("POST", "/v1/webhooks", {
    key,
    body: { url: receiver.endpoint("rot", { status: 200 }), events: ["product.scored"] },
  });
  const webhookId = created.body.data.id as string;
  await stack.call("POST", `/v1/webhooks/${webhookId}/rotate-secret`, {
    key,
    body: { grace_period_seconds: 600 },
  });
  const current = await stack.call("POST", `/v1/webhooks/${webhookId}/rotate-secret`, {
    key,
    body: { grace_period_seconds: 600 },
  });
  const secret = current.body.data.secret as string;
  await stack.api.stop();

  const before = await stack.query<{ secret_encrypted: string; previous_secrets: { secret: string }[] }>(
    "SELECT secret_encrypted, previous_secrets FROM webhooks",
  );
  const oldKey = stack.env.SECRET_ENCRYPTION_KEY!;
  const newKey = randomBytes(32).toString("base64");
  const wrong = rotate(randomBytes(32).toString("base64"), newKey);
  expect(wrong.status).toBe(1);
  expect(wrong.stderr).toMatch(/nothing was changed: webhook .* decrypts with neither/);
  expect(await stack.query("SELECT secret_encrypted, previous_secrets FROM webhooks")).toEqual(before);

  const done = rotate(oldKey, newKey);
  expect(done.status, done.stderr).toBe(0);
  expect(done.stdout).toMatch(/re-encrypted 1 of 1 webhooks/);
  expect(rotate(oldKey, newKey).stdout).toMatch(
    /re-encrypted 0 of 1 webhooks \(1 already under the new key\)/,
  );
  const after = await stack.query<{ secret_encrypted: string; previous_secrets: { secret: string }[] }>(
    "SELECT secret_encrypted, previous_secrets FROM webhooks",
  );
  expect(after[0]!.secret_encrypted).not.toBe(before[0]!.secret_encrypted);
  // Both earlier secrets of the two graced rotations, each re-encrypted.
  expect(before[0]!.previous_secrets).toHaveLength(2);
  expect(after[0]!.previous_secrets).toHaveLength(2);
  for (const [i, entry] of after[0]!.previous_secrets.entries())
    expect(entry.secret).not.toBe(before[0]!.previous_secrets[i]!.secret);
  expect(JSON.stringify(after)).not.toContain(secret.slice(6));

  await stack.startApp("api", { SECRET_ENCRYPTION_KEY: newKey });
  await stack.startApp("worker", { SECRET_ENCRYPTION_KEY: newKey });
  const event = await stack.call<{ id: string }>("POST", "/v1/events", {
    key,
    body: { type: "product.scored", data: {} },
  });
  expect((await waitForDeliveries(stack, event.body.data.id))[0]?.status).toBe("succeeded");
  const [request] = await receiver.waitForRequests("rot", 1);
  expect(() => new Webhook(secret).verify(request!.body, request!.headers)).not.toThrow();
  // The current secret and both earlier ones, each still inside its grace period.
  expect(request!.headers["webhook-signature"]!.split(" ")).toHaveLength(3);
  // Stops and restarts both apps and runs the CLI three times: seconds each on a busy machine.
}, 120_000);
