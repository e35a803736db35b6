// README's "API in one minute" runs verbatim in a second shell beside `npm run dev`, and each step
// prints what the README says it does; a wrong command in it fails here. Then Ctrl-C stops the
// whole dev stack.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { freePort, repoRoot, waitFor } from "@herald/local-stack";
import { freshDatabase, TEST_ENV, type TestDatabase } from "@herald/local-stack/testing";
import { DEV_ENV_FILE, withDevEnvDefaults } from "@herald/runtime";
import { afterAll, beforeAll, expect, it } from "vitest";

let folder: string;
let database: TestDatabase;
let dev: ChildProcess;
const devOutput: string[] = [];

beforeAll(async () => {
  database = await freshDatabase();
  // Inside the repository (npm finds its scripts from there), with its own .herald/dev.env.
  const cache = join(repoRoot, "node_modules", ".cache", "herald-test");
  await mkdir(cache, { recursive: true });
  folder = await mkdtemp(join(cache, "dev-"));
  dev = spawn(process.execPath, ["--import", "tsx", join(repoRoot, "scripts", "dev.ts")], {
    cwd: folder,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      DATABASE_URL: database.url,
      REDIS_URL: process.env[TEST_ENV.redisUrl] ?? "",
      PORT: String(await freePort()),
      WORKER_PORT: String(await freePort()),
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  for (const stream of [dev.stdout, dev.stderr]) stream?.on("data", (chunk) => devOutput.push(String(chunk)));
  const exited = new Promise<never>((_, reject) =>
    dev.once("exit", (code) => reject(new Error(`npm run dev exited ${code}:\n${devOutput.join("")}`))),
  );
  exited.catch(() => {}); // raced below; a later exit is the Ctrl-C test's business
  await Promise.race([
    exited,
    waitFor("npm run dev to finish its demo", async () => devOutput.join("").includes("Herald is running"), {
      timeoutMs: 150_000,
    }),
  ]);
}, 180_000);

afterAll(async () => {
  if (dev?.exitCode === null) dev.kill("SIGKILL");
  await database?.drop();
  if (folder) await rm(folder, { recursive: true, force: true });
});

function walkthrough(readme: string): string[] {
  const section = /<!-- walkthrough:start -->([\s\S]*?)<!-- walkthrough:end -->/.exec(readme)?.[1] ?? "";
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1]!);
}

// Runs the blocks in one shell as a reader would type them, `@@ step N` printed before block N.
function run(blocks: string[]): Promise<{ code: number; steps: string[]; stderr: string }> {
  const script = blocks.map((block, i) => `echo "@@ step ${i}"\n${block}`).join("\n");
  return new Promise((resolve) => {
    execFile(
      "bash",
      ["-euo", "pipefail", "-c", script],
      { cwd: folder, env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "" }, timeout: 60_000 },
      (error, stdout, stderr) =>
        resolve({
          code: error ? Number(error.code ?? 1) || 1 : 0,
          steps: stdout.split(/^@@ step \d+\n/m).slice(1),
          stderr,
        }),
    );
  });
}

const devEnv = () => withDevEnvDefaults({}, folder).env;

it("leaves a private env file with what a second terminal needs", async () => {
  const env = devEnv();
  expect(Object.keys(env).sort()).toEqual([
    "DATABASE_URL",
    "HERALD_KEY",
    "HERALD_RECEIVER_URL",
    "HERALD_URL",
    "REDIS_URL",
  ]);
  expect(env.DATABASE_URL).toBe(database.url);
  expect((await fetch(`${env.HERALD_URL}/readyz`)).ok).toBe(true);
  // The web UI is built and served too.
  expect((await fetch(`${env.HERALD_URL}/ui`)).status).toBe(200);
  expect((await stat(join(folder, DEV_ENV_FILE))).mode & 0o777).toBe(0o600);
});

it("runs README's walkthrough as written, each step printing what it says", async () => {
  const blocks = walkthrough(await readFile(join(repoRoot, "README.md"), "utf8"));
  expect(blocks).toHaveLength(5);
  const { code, steps, stderr } = await run(blocks);
  expect(code, `${stderr}\n${steps.join("\n")}`).toBe(0);
  const [sourced, keyCreated, webhook, event, delivery] = steps;
  expect(sourced).toBe("");
  expect(keyCreated).toBe("");
  expect(JSON.parse(webhook!)).toEqual({
    id: expect.stringMatching(/^[0-9a-f-]{36}$/),
    url: devEnv().HERALD_RECEIVER_URL,
    events: ["product.scored"],
    secret: expect.stringMatching(/^whsec_/),
  });
  expect(event).toMatch(/^event [0-9a-f-]{36}\n$/);
  expect(JSON.parse(delivery!)).toEqual({
    status: "succeeded",
    attempts: [{ attempt_number: 1, outcome: "success", status_code: 200, duration_ms: expect.any(Number) }],
  });
}, 90_000); // npm and the keys CLI start from source: seconds each on a busy machine

it("fails when a walkthrough command is wrong (a key without events:read cannot see its delivery)", async () => {
  const blocks = walkthrough(await readFile(join(repoRoot, "README.md"), "utf8"));
  const broken = blocks.map((block) => block.replace("events:read,", ""));
  expect(broken).not.toEqual(blocks);
  const { code, steps } = await run(broken);
  expect(code).not.toBe(0);
  expect(steps).toHaveLength(5);
  expect(steps[4]).toBe("");
}, 90_000);

it("stops everything it started on Ctrl-C and removes the env file", async () => {
  const { HERALD_URL, HERALD_RECEIVER_URL } = devEnv();
  const exited = new Promise<number | null>((resolve) => dev.once("exit", resolve));
  dev.kill("SIGINT");
  expect(await exited).toBe(0);
  expect(devOutput.join("")).toContain("stopped; nothing left running");
  await expect(stat(join(folder, DEV_ENV_FILE))).rejects.toThrow(/ENOENT/);
  for (const url of [`${HERALD_URL}/healthz`, HERALD_RECEIVER_URL!])
    await expect(fetch(url, { method: "POST" })).rejects.toThrow();
}, 60_000);
