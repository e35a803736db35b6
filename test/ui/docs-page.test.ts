// /docs in a real browser (Debian's chromium driven by playwright-core) against a real api: Swagger
// UI from Herald's own files, under the page's strict Content-Security-Policy, shows every
// operation of the served document, authorizes with a real service key and runs a try-it call for
// the account named in Herald-Account, whose answer shows that account's real webhook. Every
// request stays on the API's origin and the page logs no error. A screenshot of the try-it answer
// goes to test/ui/screenshots/ (git-ignored).
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { repoRoot } from "@herald/local-stack";
import type { Receiver } from "@herald/local-stack/receiver";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../support/chromium.js";
import { type HeraldStack, startWithReceiver, stopWithReceiver } from "../support/herald-stack.js";

interface OpenApiOperation {
  operationId?: string;
}
interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  webhooks?: Record<string, Record<string, OpenApiOperation>>;
}

const SCREENSHOTS = join(repoRoot, "test/ui/screenshots");
const METHODS = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);

let stack: HeraldStack;
let receiver: Receiver;
let browser: Browser;
let page: Page;
let served: OpenApiDocument;
let serviceKey = "";
const webhooks = { acme: "", globex: "" };
const consoleErrors: string[] = [];
const requested: string[] = [];
const assetCaching = new Map<string, string>();

// "METHOD path operationId" for each operation of a paths or webhooks object.
function operationsOf(items: Record<string, Record<string, OpenApiOperation>> = {}): string[] {
  return Object.entries(items)
    .flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => METHODS.has(method))
        .map(([method, op]) => `${method.toUpperCase()} ${path} ${op.operationId ?? ""}`),
    )
    .sort();
}

// The same for the operations the page shows, outside or inside its webhooks section.
// (Code run in the page is passed as text: this program has no DOM types.)
async function renderedOperations(inWebhooks: boolean): Promise<string[]> {
  const shown = await page.evaluate<string[]>(`[...document.querySelectorAll("#swagger-ui .opblock")]
    .filter((block) => Boolean(block.closest(".webhooks")) === ${inWebhooks})
    .map((block) => [
      block.querySelector(".opblock-summary-method").textContent,
      block.querySelector(".opblock-summary [data-path]").getAttribute("data-path"),
      block.querySelector(".opblock-summary-operation-id")?.textContent ?? "",
    ].join(" "))`);
  return [...new Set(shown)].sort();
}

beforeAll(async () => {
  let acmeKey = "";
  [{ stack, receiver, key: acmeKey }, browser] = await Promise.all([startWithReceiver(), launchChromium()]);
  serviceKey = await stack.key(["accounts:*", "*"], "vendor");
  const globexKey = await stack.key(["*"], "globex");
  for (const [account, key] of [
    ["acme", acmeKey],
    ["globex", globexKey],
  ] as const) {
    const created = await stack.call<{ id: string }>("POST", "/v1/webhooks", {
      key,
      body: { url: receiver.endpoint(account, { status: 200 }), events: ["product.scored"] },
    });
    expect(created.status).toBe(201);
    webhooks[account] = created.body.data.id;
  }
  served = (await (await fetch(`${stack.api.url}/openapi.json`)).json()) as OpenApiDocument;
  page = await (await browser.newContext({ viewport: { width: 1200, height: 900 } })).newPage();
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => consoleErrors.push(error.message));
  page.on("request", (request) => requested.push(request.url()));
  page.on("response", (response) => {
    if (response.url().includes("/docs/assets/"))
      assetCaching.set(new URL(response.url()).pathname, response.headers()["cache-control"] ?? "");
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stopWithReceiver(stack, receiver);
});

// Swagger UI lays out the whole document in the page: slow on a loaded two-core machine.
describe("the reference page at /docs", { timeout: 60_000 }, () => {
  it("renders every operation of the served document under a strict CSP, from long-cached assets", async () => {
    const response = await page.goto(`${stack.api.url}/docs`);
    const policy = response?.headers()["content-security-policy"] ?? "";
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("connect-src 'self'");
    expect(policy).not.toContain("unsafe");
    await page.locator("#swagger-ui .opblock").first().waitFor();
    const paths = operationsOf(served.paths);
    expect(paths.length).toBeGreaterThan(10);
    expect(paths.every((line) => !line.endsWith(" "))).toBe(true);
    expect(await renderedOperations(false)).toEqual(paths);
    expect(await renderedOperations(true)).toEqual(operationsOf(served.webhooks));
    expect([...assetCaching.keys()].some((path) => path.endsWith("/swagger-ui-bundle.js"))).toBe(true);
    for (const [path, caching] of assetCaching) expect(caching, path).toMatch(/max-age=31536000.*immutable/);
  });

  it("authorizes with a key and runs a try-it call for the account named in Herald-Account", async () => {
    await page.locator(".auth-wrapper button.authorize").click();
    const dialog = page.locator(".modal-ux");
    await dialog.locator("input").fill(serviceKey);
    await dialog.locator("button.authorize").click();
    await dialog.locator("button.btn-done").click();

    const listWebhooks = served.paths["/v1/webhooks"]?.get?.operationId ?? "";
    const operation = page.locator("#swagger-ui .opblock").filter({
      has: page.locator(".opblock-summary-operation-id", { hasText: new RegExp(`^${listWebhooks}$`) }),
    });
    await operation.locator(".opblock-summary-control").click();
    await operation.locator('tr[data-param-name="Herald-Account"] input').fill("globex");
    const [request] = await Promise.all([
      page.waitForRequest((sent) => new URL(sent.url()).pathname === "/v1/webhooks", { timeout: 60_000 }),
      operation.locator("button.execute").click(),
    ]);
    expect(new URL(request.url()).origin).toBe(stack.api.url);
    expect(request.headers().authorization).toBe(`Bearer ${serviceKey}`);
    expect(request.headers()["herald-account"]).toBe("globex");

    const answer = operation.locator(".live-responses-table");
    await answer.locator(".response-col_status", { hasText: "200" }).waitFor();
    const shown = (await answer.textContent()) ?? "";
    expect(shown).toContain(webhooks.globex);
    expect(shown).not.toContain(webhooks.acme);
    await mkdir(SCREENSHOTS, { recursive: true });
    await operation.screenshot({ path: join(SCREENSHOTS, "docs-try-it.png") });
    // persistAuthorization is off: the key is in no storage.
    expect(await page.evaluate("[localStorage.length, sessionStorage.length, document.cookie]")).toEqual([
      0,
      0,
      "",
    ]);
  });

  it("made requests to the API's origin only and logged no error", () => {
    const origins = new Set(
      requested.filter((url) => url.startsWith("http")).map((url) => new URL(url).origin),
    );
    expect([...origins]).toEqual([stack.api.url]);
    expect(consoleErrors).toEqual([]);
  });
});
