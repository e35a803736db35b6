// `npm run dev`: the whole stack on this machine. Postgres (embedded, or DATABASE_URL), Redis
// (a local redis-server, or REDIS_URL), migrations, the API and a worker with their logs
// interleaved, and a demo: an API key, a receiver that verifies signatures, a webhook, an event,
// and the verified delivery. Ctrl-C stops everything it started.

import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmod, mkdir, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { dirname, resolve } from "node:path";
import { migrateDatabase } from "@herald/db";
import {
  adminQuery,
  freePort,
  type HeraldApp,
  repoRoot,
  startHeraldApp,
  startServices,
  waitFor,
} from "@herald/local-stack";
import { startReceiver } from "@herald/local-stack/receiver";
import { DEV_ENV_FILE, formatDevEnv } from "@herald/runtime";
import { Webhook } from "@herald/signing";
import { buildUi } from "@herald/ui/build";

const say = (line: string) => console.log(`[dev] ${line}`);
const cleanups: (() => Promise<unknown>)[] = [];
let stopping = false;

// A second Ctrl-C (the terminal and the bootstrap both send one) must not cut the cleanup short.
async function stopAll(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  say("stopping…");
  for (const cleanup of cleanups.reverse()) await cleanup().catch((error) => say(`cleanup: ${error}`));
  say("stopped; nothing left running");
  process.exit(code);
}
process.on("SIGINT", () => void stopAll(0));
process.on("SIGTERM", () => void stopAll(0));

async function portOr(preferred: number): Promise<number> {
  const free = await new Promise<boolean>((resolve) => {
    const probe = createServer().once("error", () => resolve(false));
    probe.listen(preferred, "0.0.0.0", () => probe.close(() => resolve(true)));
  });
  return free ? preferred : freePort();
}

try {
  say(process.env.DATABASE_URL ? "using DATABASE_URL" : "starting embedded Postgres…");
  say(process.env.REDIS_URL ? "using REDIS_URL" : "starting redis-server…");
  const services = await startServices({
    databaseUrl: process.env.DATABASE_URL,
    redisUrl: process.env.REDIS_URL,
  });
  cleanups.push(() => services.stop());
  let databaseUrl = services.postgresUrl;
  if (!process.env.DATABASE_URL) {
    await adminQuery(services.postgresUrl, "CREATE DATABASE herald");
    const url = new URL(services.postgresUrl);
    url.pathname = "/herald";
    databaseUrl = url.toString();
  }
  say("migrating…");
  const { applied } = await migrateDatabase(databaseUrl, { log: (line) => say(`migrate: ${line}`) });
  say(applied.length ? `applied ${applied.length} migration(s)` : "database is up to date");

  // The web UI from the current source, beside dev.env (git-ignored).
  say("building the web UI…");
  const uiDir = await buildUi({ outdir: resolve(dirname(DEV_ENV_FILE), "ui") });

  const env: Record<string, string> = {
    NODE_ENV: "development",
    LOG_LEVEL: process.env.LOG_LEVEL ?? "info",
    DATABASE_URL: databaseUrl,
    REDIS_URL: services.redisUrl,
    // A fresh key per run: the embedded database is fresh too.
    SECRET_ENCRYPTION_KEY: process.env.SECRET_ENCRYPTION_KEY ?? randomBytes(32).toString("base64"),
    // The demo receiver listens on loopback over plain HTTP.
    ALLOW_HTTP_URLS: "true",
    ALLOWED_PRIVATE_NETWORKS: "127.0.0.0/8,::1/128",
    PORT: String(await portOr(Number(process.env.PORT ?? 3000))),
    WORKER_PORT: String(await portOr(Number(process.env.WORKER_PORT ?? 3001))),
    UI_DIR: uiDir,
  };
  const prefixed = (name: string) => (line: string) => console.log(`[${name}] ${line}`);
  const apps: HeraldApp[] = await Promise.all([
    startHeraldApp("api", env, { onLine: prefixed("api") }),
    startHeraldApp("worker", env, { onLine: prefixed("worker") }),
  ]);
  cleanups.push(() => Promise.all(apps.map((app) => app.stop())));
  const [api, worker] = apps as [HeraldApp, HeraldApp];
  for (const app of apps) {
    void app.exited.then((code) => {
      if (!stopping) {
        say(`${app.role} exited unexpectedly (code ${code}); stopping`);
        void stopAll(1);
      }
    });
  }

  // The demo, done the way a producer team would: key from the CLI, then plain HTTP.
  const created = spawnSync(
    process.execPath,
    [
      "--import",
      "tsx",
      "apps/api/src/cli/keys.ts",
      "create",
      "--account",
      "demo",
      "--name",
      "dev",
      "--scopes",
      "*",
      "--json",
    ],
    { cwd: repoRoot, env: { ...process.env, DATABASE_URL: databaseUrl }, encoding: "utf8" },
  );
  if (created.status !== 0) throw new Error(`keys create failed: ${created.stderr}`);
  const apiKey = (JSON.parse(created.stdout) as { key: string }).key;
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${api.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await response.json()) as { data: Record<string, unknown> };
    if (!response.ok)
      throw new Error(`${method} ${path} answered ${response.status}: ${JSON.stringify(json)}`);
    return json.data;
  };

  const receiver = await startReceiver();
  cleanups.push(() => receiver.stop());
  const webhook = await call("POST", "/v1/webhooks", {
    webhook: {
      url: receiver.endpoint("demo", { status: 200, body: "ok" }),
      events: ["product.scored"],
      description: "dev demo",
    },
  });
  const event = await call("POST", "/v1/events", {
    type: "product.scored",
    data: { sku: "DEMO-1", score: 0.93 },
  });
  say(`demo: sent event ${event.id} (product.scored) to webhook ${webhook.id}`);
  const [request] = await receiver.waitForRequests("demo", 1, 30_000);
  // Verified with the official Standard Webhooks library, as a receiver would.
  new Webhook(webhook.secret as string).verify(request!.body, request!.headers);
  const delivery = await waitFor("the delivery to be recorded", async () => {
    const detail = await call("GET", `/v1/events/${event.id}`);
    const [first] = detail.deliveries as { id: string; status: string }[];
    return first?.status === "succeeded" ? first : undefined;
  });
  const log = await call("GET", `/v1/deliveries/${delivery.id}`);
  const [attempt] = log.attempts as { status_code: number; duration_ms: number }[];
  say(
    `demo: ✔ delivered and verified (webhook-id ${request!.headers["webhook-id"]}, HTTP ${attempt?.status_code} in ${attempt?.duration_ms} ms)`,
  );

  // What a second terminal needs (the README's walkthrough sources it; the CLIs read it).
  const second = {
    HERALD_URL: api.url,
    HERALD_KEY: apiKey,
    HERALD_RECEIVER_URL: receiver.endpoint("walkthrough", { status: 200, body: "ok" }),
    DATABASE_URL: databaseUrl,
    REDIS_URL: services.redisUrl,
  };
  await mkdir(dirname(DEV_ENV_FILE), { recursive: true });
  await writeFile(DEV_ENV_FILE, formatDevEnv(second));
  await chmod(DEV_ENV_FILE, 0o600); // also when an earlier run left the file behind
  cleanups.push(() => rm(DEV_ENV_FILE, { force: true }));

  console.log(`
Herald is running. Ctrl-C stops everything.

  API           ${api.url}            (docs ${api.url}/docs, OpenAPI ${api.url}/openapi.json)
  API metrics   ${api.metricsUrl}/metrics
  Web UI        ${api.url}/ui   (sign in with the demo key)
  Worker        ${worker.url}/readyz   (metrics ${worker.url}/metrics)
  Receiver      ${second.HERALD_RECEIVER_URL}   (answers 200 to whatever Herald sends)
  Postgres      ${databaseUrl}
  Redis         ${services.redisUrl}
  Demo API key  ${apiKey}   (account "demo", every scope)

In a second terminal, in this folder:
  . ${DEV_ENV_FILE}     # HERALD_URL, HERALD_KEY, HERALD_RECEIVER_URL, DATABASE_URL, REDIS_URL
  curl -s "$HERALD_URL/v1/webhooks" -H "Authorization: Bearer $HERALD_KEY"
  npm run -s keys -- list              # the CLIs find the database through ${DEV_ENV_FILE}
The README's "API in one minute" walks through a webhook, an event and its delivery from there.
`);
  await new Promise(() => {});
} catch (error) {
  say(`failed: ${error instanceof Error ? error.message : String(error)}`);
  await stopAll(1);
}
