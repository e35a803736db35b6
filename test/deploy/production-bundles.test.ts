// The Docker image runs the apps from their esbuild bundles (`npm run build`), not from source.
// Build them here and run them against real Postgres and Redis: a delivery must go through.
import { execFileSync } from "node:child_process";
import { repoRoot } from "@herald/local-stack";
import { type Receiver, startReceiver } from "@herald/local-stack/receiver";
import { afterAll, beforeAll, expect, it } from "vitest";
import { HeraldStack, waitForDeliveries } from "../support/herald-stack.js";

let stack: HeraldStack;
let receiver: Receiver;

beforeAll(async () => {
  execFileSync("npm", ["run", "build"], { cwd: repoRoot, stdio: "ignore" });
  receiver = await startReceiver();
  stack = await HeraldStack.start({ api: false });
  await stack.startApp("api", {}, { bundled: true });
  await stack.startApp("worker", {}, { bundled: true });
}, 120_000);
afterAll(async () => {
  await stack?.stop();
  await receiver?.stop();
});

it("serves the API and delivers a signed event from the bundles", async () => {
  const key = await stack.key(["*"]);
  const created = await stack.call("POST", "/v1/webhooks", {
    key,
    body: { url: receiver.endpoint("bundle", { status: 200 }), events: ["product.scored"] },
  });
  expect(created.status).toBe(201);
  const event = await stack.call<{ id: string }>("POST", "/v1/events", {
    key,
    body: { type: "product.scored", data: { from: "bundle" } },
  });
  expect((await waitForDeliveries(stack, event.body.data.id))[0]?.status).toBe("succeeded");
  const [request] = await receiver.waitForRequests("bundle", 1);
  expect(request!.headers["user-agent"]).toMatch(/^Herald\//);
  // The reference page's Swagger UI files are found from apps/api/dist (swagger-ui-dist is
  // resolved at run time, not bundled).
  const docs = await (await fetch(`${stack.api.url}/docs`)).text();
  const script = /src="(docs\/assets\/[^"]+\/swagger-ui-bundle\.js)"/.exec(docs)?.[1];
  const asset = await fetch(`${stack.api.url}/${script}`);
  expect(asset.status).toBe(200);
  expect(asset.headers.get("content-type")).toMatch(/javascript/);
  expect(stack.apps.every((app) => app.output().every((line) => !/Error|error/.test(line)))).toBe(true);
});
