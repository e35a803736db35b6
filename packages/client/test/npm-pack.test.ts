// `npm pack` gives a tarball that installs into an empty Node project and works there: a program
// sends an event through a real Herald and verifies the delivery it receives, and TypeScript
// finds the declarations. Offline: the tarball's dependencies come from npm's cache, pinned to the
// versions of the repository's lockfile.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { repoRoot } from "@herald/local-stack";
import { afterAll, beforeAll, expect, it } from "vitest";
import { HeraldStack } from "../../../test/support/herald-stack.js";

const run = promisify(execFile);
let stack: HeraldStack;
let dir: string;

beforeAll(async () => {
  [stack, dir] = await Promise.all([
    HeraldStack.start({ worker: true }),
    mkdtemp(join(tmpdir(), "herald-client-")),
  ]);
});
afterAll(async () => {
  await stack?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

// npm as a user runs it: none of the npm_* settings of an npm that may be running this suite, but
// its cache (where the repository's install left the packages).
const npm = (args: string[], cwd: string) =>
  run("npm", args, {
    cwd,
    env: Object.fromEntries(
      Object.entries(process.env).filter(
        ([name]) => !/^npm_/i.test(name) || /^npm_config_cache$/i.test(name),
      ),
    ),
  });

// A lockfile naming the tarball and, from the repository's lockfile, every package it needs.
async function lockfileFor(tarball: string): Promise<object> {
  const repoLock = JSON.parse(await readFile(join(repoRoot, "package-lock.json"), "utf8")).packages;
  const manifest = JSON.parse(await readFile(join(repoRoot, "packages/client/package.json"), "utf8"));
  const integrity = `sha512-${createHash("sha512")
    .update(await readFile(join(dir, tarball)))
    .digest("base64")}`;
  const packages: Record<string, unknown> = {
    "": { name: "consumer", dependencies: { "@herald/client": `file:${tarball}` } },
    "node_modules/@herald/client": {
      version: manifest.version,
      resolved: `file:${tarball}`,
      integrity,
      dependencies: manifest.dependencies,
    },
  };
  const add = (dependencies: Record<string, string> = {}) => {
    for (const name of Object.keys(dependencies)) {
      const path = `node_modules/${name}`;
      if (packages[path]) continue;
      packages[path] = repoLock[path];
      add(repoLock[path].dependencies);
    }
  };
  add(manifest.dependencies);
  return { name: "consumer", lockfileVersion: 3, requires: true, packages };
}

const program = `
import { once } from "node:events";
import { createServer } from "node:http";
import { Herald, HeraldError, verifyWebhook } from "@herald/client";

let delivered;
const received = new Promise((resolve) => (delivered = resolve));
const server = createServer((req, res) => {
  const chunks = [];
  req.on("data", (chunk) => chunks.push(chunk));
  req.on("end", () => {
    res.end();
    delivered({ body: Buffer.concat(chunks), headers: req.headers });
  });
});
server.listen(0, "127.0.0.1");
await once(server, "listening");

const herald = new Herald({ baseUrl: process.env.HERALD_URL, apiKey: process.env.HERALD_KEY });
const url = "http://127.0.0.1:" + server.address().port + "/hook";
const webhook = await herald.webhooks.create({ url, events: ["product.scored"] });
const sent = await herald.events.send({ type: "product.scored", data: { sku: "A-1" } });
const { body, headers } = await received;
server.close();
const payload = verifyWebhook(webhook.secret, body, headers);
const missing = await herald.webhooks.get("00000000-0000-4000-8000-000000000000").catch((error) => error);
console.log(JSON.stringify({ sent, payload, missing: { typed: missing instanceof HeraldError, code: missing.code } }));
`;

const typed = `
import { Herald, HeraldError, type Webhook } from "@herald/client";
const herald = new Herald({ baseUrl: "http://localhost:3000", apiKey: "hrld_sk_example" });
export async function urls(): Promise<string[]> {
  const hooks: Webhook[] = [];
  for await (const hook of herald.webhooks.list({ limit: 10 })) hooks.push(hook);
  return hooks.map((hook) => hook.url);
}
export const notFound = (error: HeraldError): boolean => error.code === "NOT_FOUND";
// @ts-expect-error an event needs its type
export const untyped = () => herald.events.send({ data: {} });
`;

it("installs from its tarball into an empty project, sends an event there and verifies its delivery", async () => {
  await npm(["run", "build", "-w", "@herald/client"], repoRoot);
  const { stdout } = await npm(
    ["pack", "--json", "--pack-destination", dir],
    join(repoRoot, "packages/client"),
  );
  const [packed] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
  expect(packed?.files.map((file) => file.path)).toEqual(
    expect.arrayContaining(["README.md", "package.json", "dist/index.js", "dist/index.d.ts"]),
  );

  const project = join(dir, "consumer");
  await mkdir(project);
  const tarball = `../${packed!.filename}`;
  const manifest = {
    name: "consumer",
    private: true,
    type: "module",
    dependencies: { "@herald/client": `file:${tarball}` },
  };
  await writeFile(join(project, "package.json"), JSON.stringify(manifest));
  await writeFile(join(project, "package-lock.json"), JSON.stringify(await lockfileFor(packed!.filename)));
  await npm(["ci", "--offline", "--no-audit", "--no-fund", "--ignore-scripts"], project);

  await writeFile(join(project, "program.mjs"), program);
  const key = await stack.key(["*"], "consumer-co");
  const result = await run(process.execPath, ["program.mjs"], {
    cwd: project,
    env: { HERALD_URL: stack.api.url, HERALD_KEY: key },
    timeout: 20_000,
  });
  const output = JSON.parse(result.stdout);
  expect(output.payload).toEqual({
    id: output.sent.id,
    type: "product.scored",
    timestamp: expect.any(String),
    data: { sku: "A-1" },
  });
  expect(output.missing).toEqual({ typed: true, code: "NOT_FOUND" });

  // The declarations, through the package's exports, for a strict TypeScript consumer.
  await writeFile(join(project, "check.ts"), typed);
  const tsconfig = {
    compilerOptions: {
      module: "nodenext",
      target: "es2022",
      strict: true,
      noEmit: true,
      types: ["node"],
      typeRoots: [join(repoRoot, "node_modules/@types")],
    },
    files: ["check.ts"],
  };
  await writeFile(join(project, "tsconfig.json"), JSON.stringify(tsconfig));
  await run(process.execPath, [join(repoRoot, "node_modules/typescript/bin/tsc"), "-p", project]);
  // A build, a pack, an install and two programs: about 10 s alone, several times that on a loaded machine.
}, 120_000);
