// The web UI in a real browser (Debian's chromium driven by playwright-core) against a real api,
// worker and receiver: signing in with a key, the delivery log, retry, rotation, and a portal link
// framed by another origin's page. One browser and one stack for the file. Screenshots of the main
// views go to test/ui/screenshots/ (git-ignored).
import { mkdir } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { repoRoot } from "@herald/local-stack";
import { type Receiver, startReceiver } from "@herald/local-stack/receiver";
import type { Browser, Page } from "playwright-core";
import { Webhook as Verifier } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../support/chromium.js";
import { HeraldStack, waitForDeliveries } from "../support/herald-stack.js";

const SCREENSHOTS = join(repoRoot, "test/ui/screenshots");
const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

let stack: HeraldStack;
let receiver: Receiver;
let browser: Browser;
let page: Page;
let framer: Server;
let framerOrigin = "";
let acmeKey = "";
let acmeWebhook = { id: "", url: "", secret: "" };
let failedDelivery = "";
let globexUrl = "";
// Everything the page logged as an error and every request it made, checked at the end.
const consoleErrors: string[] = [];
const requested: string[] = [];

function watch(target: Page): void {
  target.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  target.on("pageerror", (error) => consoleErrors.push(error.message));
  target.on("request", (request) => requested.push(request.url()));
}

const shot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });

beforeAll(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
  [stack, receiver, browser] = await Promise.all([
    HeraldStack.start({
      worker: true,
      env: { RETRY_MAX_ATTEMPTS: "2", API_KEY_CACHE_TTL_MS: "200", RATE_LIMIT_PER_MINUTE: "0" },
    }),
    startReceiver(),
    launchChromium(),
  ]);
  acmeKey = await stack.key(["*"], "acme");
  const globexKey = await stack.key(["*"], "globex");
  globexUrl = receiver.endpoint("globex", { status: 200 });
  await stack.call("POST", "/v1/webhooks", {
    key: globexKey,
    body: { url: globexUrl, events: ["product.scored"], description: "globex only" },
  });
  // acme's endpoint fails both attempts of the first event.
  const url = receiver.endpoint("acme", { status: 500, body: "boom from acme" });
  const created = await stack.call<{ id: string; secret: string }>("POST", "/v1/webhooks", {
    key: acmeKey,
    body: { url, events: ["product.scored"], description: "acme orders" },
  });
  acmeWebhook = { id: created.body.data.id, url, secret: created.body.data.secret };
  const event = await stack.call<{ id: string }>("POST", "/v1/events", {
    key: acmeKey,
    body: { type: "product.scored", data: { order: 1 } },
  });
  const [failed] = await waitForDeliveries(stack, event.body.data.id);
  expect(failed?.status).toBe("failed");
  failedDelivery = failed?.id ?? "";

  framer = createServer((req, res) => {
    const src = decodeURIComponent(new URL(req.url ?? "/", "http://x").searchParams.get("src") ?? "");
    res.setHeader("content-type", "text/html");
    res.end(
      `<!doctype html><html lang="en"><head><title>Shop</title><link rel="icon" href="data:,"></head>` +
        `<body><h1>Your webhooks</h1><iframe title="Herald portal" src="${src.replace(/"/g, "&quot;")}" width="1000" height="700"></iframe></body></html>`,
    );
  });
  framer.listen(0, "127.0.0.1");
  await new Promise((resolve) => framer.once("listening", resolve));
  framerOrigin = `http://127.0.0.1:${(framer.address() as AddressInfo).port}`;

  const context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
  page = await context.newPage();
  watch(page);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  framer?.close();
  await receiver?.stop();
  await stack?.stop();
});

describe("the web UI", () => {
  it("signs in with an API key and lists the account's webhooks with their health", async () => {
    await page.goto(`${stack.api.url}/ui/`);
    // By keyboard alone: the key field is the first stop, Enter signs in.
    await page.getByRole("heading", { name: "Sign in to Herald" }).waitFor();
    await page.keyboard.press("Tab");
    expect(await page.evaluate("document.activeElement.id")).toBe("api-key");
    await page.keyboard.type(acmeKey);
    await page.keyboard.press("Enter");
    const row = page.getByRole("row", { name: /acme orders/ });
    await row.waitFor();
    const health = (await row.textContent()) ?? "";
    expect(health).toContain("active");
    expect(health).toMatch(/500/);
    expect(await page.getByText("globex only").count()).toBe(0);
    // The key is kept for this tab only.
    // (Code run in the page is passed as text: this program has no DOM types.)
    const stored = await page.evaluate("[sessionStorage.length, localStorage.length, document.cookie]");
    expect(stored).toEqual([1, 0, ""]);
    await shot("webhooks");
    // On a phone the page does not scroll sideways (a wide table scrolls inside its own box).
    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = await page.evaluate<number>("document.documentElement.scrollWidth - window.innerWidth");
    expect(overflow).toBeLessThanOrEqual(0);
    await shot("webhooks-phone");
    await page.setViewportSize({ width: 1100, height: 800 });
  });

  it("opens a failed delivery with its attempts, retries it and shows it succeed", async () => {
    await page.getByRole("link", { name: acmeWebhook.url }).click();
    await page.getByLabel("Status").selectOption("failed");
    await page.getByRole("link", { name: `Delivery ${failedDelivery}` }).click();
    await page.getByRole("heading", { name: "Attempt 2" }).waitFor();
    expect(await page.getByRole("heading", { name: /^Attempt \d$/ }).count()).toBe(2);
    expect(await page.locator(".attempts").textContent()).toContain("500");
    await page.getByText("Response body").first().click();
    await page.getByText("boom from acme").first().waitFor();
    await shot("delivery-failed");

    receiver.endpoint("acme", { status: 200, body: "thanks" });
    await page.getByRole("button", { name: "Retry" }).click();
    const dialog = page.getByRole("dialog", { name: "Retry this delivery now?" });
    await dialog.getByRole("button", { name: "Retry" }).click();
    await page.getByRole("status").getByText("Retry queued").waitFor();
    await page.getByRole("heading", { name: "Attempt 3" }).waitFor({ timeout: 15_000 });
    await page.locator(".heading .badge-succeeded").first().waitFor();
    const [row] = await stack.query<{ status: string }>("SELECT status::text FROM deliveries WHERE id = $1", [
      failedDelivery,
    ]);
    expect(row?.status).toBe("succeeded");
    await shot("delivery");
  });

  it("rotates a secret, shows the new one once, and that secret signs the next test send", async () => {
    await page.goto(`${stack.api.url}/ui/#/webhooks/${acmeWebhook.id}`);
    await page.getByRole("button", { name: "Rotate secret" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Rotate secret" }).click();
    const secret = (await page.getByLabel("Signing secret").textContent()) ?? "";
    expect(secret).toMatch(/^whsec_/);
    expect(secret).not.toBe(acmeWebhook.secret);

    const before = receiver.requests("acme").length;
    await page.getByRole("button", { name: "Send test" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Send test" }).click();
    await page.getByRole("status").getByText("Test delivered").waitFor();
    const sent = receiver.requests("acme").slice(before);
    expect(sent).toHaveLength(1);
    expect(() => new Verifier(secret).verify(sent[0]?.body ?? "", sent[0]?.headers ?? {})).not.toThrow();
    expect(() =>
      new Verifier(acmeWebhook.secret).verify(sent[0]?.body ?? "", sent[0]?.headers ?? {}),
    ).toThrow();
  });

  it("creates, edits, disables, enables, recovers and deletes a webhook, each confirmed and with its result", async () => {
    await page.goto(`${stack.api.url}/ui/#/webhooks`);
    await page.getByRole("button", { name: "New webhook" }).click();
    await page.getByLabel("Endpoint URL").fill(receiver.endpoint("second", { status: 200 }));
    await page.getByLabel("Description (optional)").fill("second hook");
    await page.getByRole("checkbox", { name: /product\.scored/ }).check();
    await page.getByRole("button", { name: "Create webhook" }).click();
    await page
      .getByRole("dialog", { name: "Create this webhook?" })
      .getByRole("button", { name: "Create" })
      .click();
    expect(await page.getByLabel("Signing secret").textContent()).toMatch(/^whsec_/);
    await page
      .getByRole("row", { name: /second hook/ })
      .getByRole("link")
      .click();

    const confirm = async (button: string, result: string | RegExp) => {
      await page.getByRole("button", { name: button, exact: true }).click();
      await page.getByRole("dialog").getByRole("button", { name: button, exact: true }).click();
      await page.getByRole("status").getByText(result).waitFor();
    };
    await page.getByRole("button", { name: "Edit" }).click();
    await page.getByLabel("Description (optional)").fill("second hook, edited");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Save" }).click();
    await page.getByRole("status").getByText("Saved.").waitFor();
    await page.getByText("second hook, edited").waitFor();
    await confirm("Disable", /^Disabled/);
    await page.locator(".heading .badge-disabled").waitFor();
    // An event while it is disabled: the webhook misses it, and recovery will send it.
    await stack.call("POST", "/v1/events", {
      key: acmeKey,
      body: { type: "product.scored", data: { order: 2 } },
    });
    await confirm("Enable", "Enabled.");
    await page.locator(".heading .badge-active").waitFor();

    // Recover: the confirmation carries the dry run's count, the result the real one.
    await page.getByLabel("Recover failed and missed deliveries since").fill("2020-01-01T00:00");
    await page.getByRole("button", { name: "Count and recover…" }).click();
    const title = (await page.getByRole("dialog").getByRole("heading").textContent()) ?? "";
    const counted = /Re-send (\d+) /.exec(title)?.[1];
    expect(Number(counted)).toBeGreaterThan(0);
    await page.getByRole("dialog").getByRole("button", { name: "Recover" }).click();
    await page.getByRole("status").getByText(`Recovery started: ${counted} delivery(ies) queued.`).waitFor();

    await confirm("Delete", "Deleted.");
    const [row] = await stack.query<{ deleted: boolean; description: string }>(
      "SELECT deleted_at IS NOT NULL AS deleted, description FROM webhooks WHERE description LIKE 'second hook%'",
    );
    expect(row).toEqual({ deleted: true, description: "second hook, edited" });
  });

  it("shows the event log and the event catalog", async () => {
    await page.goto(`${stack.api.url}/ui/#/events`);
    await page.getByRole("cell", { name: "product.scored" }).first().waitFor();
    expect(await page.getByRole("cell", { name: "webhook.test" }).count()).toBeGreaterThan(0);
    await shot("events");
    await page.getByRole("link", { name: "Event types" }).click();
    await page.getByRole("heading", { name: "Event types" }).waitFor();
    await page.getByText("product.scored").first().waitFor();
  });

  it("opens a read-only portal link inside another origin's page, shows only that account, and refuses a write", async () => {
    const minted = await stack.call<{ url: string }>("POST", "/v1/portal-sessions", {
      key: acmeKey,
      body: { rights: "read", allowed_origins: [framerOrigin] },
    });
    expect(minted.status).toBe(201);
    const portalPage = await (await browser.newContext({ viewport: { width: 1100, height: 800 } })).newPage();
    watch(portalPage);
    await portalPage.goto(`${framerOrigin}/?src=${encodeURIComponent(minted.body.data.url)}`);
    const portal = portalPage.frameLocator('iframe[title="Herald portal"]');
    await portal.getByRole("row", { name: /acme orders/ }).waitFor();
    expect(await portal.getByText("globex only").count()).toBe(0);
    expect(await portal.getByRole("button", { name: "Sign out" }).count()).toBe(0);
    await portal.getByText("Portal, read only, until").waitFor();
    // The token left the address bar as soon as the page read it.
    const frame = portalPage.frames().find((candidate) => candidate.url().includes("/ui/portal/"));
    expect(frame?.url()).not.toContain("hrld_ps_");
    // Another account's webhook by address: not found.
    const globex = await stack.query<{ id: string }>("SELECT id FROM webhooks WHERE url = $1", [globexUrl]);
    await frame?.evaluate(`location.hash = "#/webhooks/${globex[0]?.id}"`);
    await portal.getByRole("alert").getByText("Webhook not found").waitFor();

    await portal.getByRole("link", { name: "Webhooks", exact: true }).click();
    await portal.getByRole("link", { name: acmeWebhook.url }).click();
    await portal.getByRole("heading", { name: "Deliveries" }).waitFor();
    // A read-only session is shown no action (the key-signed tests above use these buttons)...
    const actions = ["Edit", "Disable", "Rotate secret", "Send test", "Delete", "Count and recover…"];
    for (const name of actions) expect(await portal.getByRole("button", { name }).count()).toBe(0);
    // ...and the API refuses the write if the page sends it anyway.
    const refused = await frame?.evaluate<{
      status: number;
      body: { error: { message: string } };
    }>(`(async () => {
      const { token } = JSON.parse(sessionStorage.getItem("herald.credential") ?? "{}");
      const response = await fetch("/v1/webhooks/${acmeWebhook.id}", {
        method: "PATCH",
        headers: { authorization: "Bearer " + token, "content-type": "application/json" },
        body: JSON.stringify({ status: "disabled" }),
      });
      return { status: response.status, body: await response.json() };
    })()`);
    expect(refused?.status).toBe(403);
    expect(refused?.body.error.message).toBe("This portal session lacks the scope webhooks:write");
    const [row] = await stack.query<{ status: string }>("SELECT status::text FROM webhooks WHERE id = $1", [
      acmeWebhook.id,
    ]);
    expect(row?.status).toBe("active");
    await portalPage.screenshot({ path: join(SCREENSHOTS, "portal.png"), fullPage: true });
    await portalPage.context().close();
  });

  it("made no request off loopback, and logged no error but the refusals it was shown", () => {
    const hosts = new Set(requested.map((url) => new URL(url).hostname).filter(Boolean));
    expect([...hosts].filter((host) => !LOOPBACK.has(host))).toEqual([]);
    // Chromium logs each refused fetch: the other account's webhook (404) and the write (403).
    expect(consoleErrors.map((text) => /status of (\d+)/.exec(text)?.[1] ?? text).sort()).toEqual([
      "403",
      "404",
    ]);
  });
});

describe("the deliveries list behind the UI's time filter", () => {
  it("keeps deliveries created in [since, until)", async () => {
    const list = (query: string) =>
      stack.call<{ id: string }[]>("GET", `/v1/webhooks/${acmeWebhook.id}/deliveries?${query}`, {
        key: acmeKey,
      });
    const [created] = await stack.query<{ created_at: Date }>(
      "SELECT created_at FROM deliveries WHERE id = $1",
      [failedDelivery],
    );
    const at = created?.created_at.toISOString() ?? "";
    const ids = async (query: string) => (await list(query)).body.data.map((delivery) => delivery.id);
    expect(await ids(`since=${at}`)).toContain(failedDelivery);
    expect(await ids(`until=${at}`)).not.toContain(failedDelivery);
    expect(await ids(`since=${at}&until=${new Date(Date.parse(at) + 1).toISOString()}`)).toEqual([
      failedDelivery,
    ]);
    const bad = await list("since=yesterday");
    expect(bad.status).toBe(422);
    expect(bad.body.error.details).toHaveProperty("since");
  });
});
