// Third-party generators take the served document as it is: openapi-typescript and
// @hey-api/openapi-ts run without an error or a warning, name every type after the document's own
// operationIds and component schemas (no names made up from paths), and what they write compiles.
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { repoRoot } from "@herald/local-stack";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HeraldStack } from "../../../test/support/herald-stack.js";
import { fetchServedDocument, operationsOf, type ServedDocument } from "./served-openapi.js";

const run = promisify(execFile);
// They need TypeScript 5's compiler API, so they live in their own workspace (see its package.json).
const tools = join(repoRoot, "packages", "openapi-generators", "node_modules", ".bin");
const plain = { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" };

let stack: HeraldStack;
let served: ServedDocument;
let operationIds: string[];
let pathOperationIds: string[];
let componentNames: string[];

const pascal = (id: string) => id[0]?.toUpperCase() + id.slice(1);

beforeAll(async () => {
  stack = await HeraldStack.start({ env: { PUBLIC_URL: "https://webhooks.acme-shop.com" } });
  served = await fetchServedDocument(stack);
  const { webhooks, components } = served.document;
  pathOperationIds = operationsOf(served.document).map(({ operation }) => operation.operationId);
  const webhookIds = Object.values(webhooks).flatMap((methods) =>
    Object.values(methods).map((o) => o.operationId),
  );
  operationIds = [...pathOperationIds, ...webhookIds];
  componentNames = Object.keys(components.schemas);
  expect(operationIds.length).toBeGreaterThan(20);
});
afterAll(async () => {
  await served?.remove();
  await stack?.stop();
});

// The keys of an `export interface <name> {` block of openapi-typescript's output, or of a block
// nested in it at the given depth.
function keysOf(source: string, block: string, indent: number): string[] {
  const start = source.indexOf(block);
  const end = source.indexOf(`\n${" ".repeat(indent - 4)}}`, start);
  const body = source.slice(start, end);
  return [...body.matchAll(new RegExp(`^ {${indent}}"?([\\w$-]+)"?\\??: `, "gm"))].map(
    ([, key]) => key ?? "",
  );
}

async function typecheck(files: string[]) {
  const options = [
    "--noEmit",
    "--strict",
    "--skipLibCheck",
    "--module",
    "preserve",
    "--moduleResolution",
    "bundler",
  ];
  await run(join(tools, "tsc"), [
    ...options,
    "--target",
    "es2022",
    "--lib",
    "es2022,dom,dom.iterable",
    ...files,
  ]);
}

describe("generated clients", () => {
  it("openapi-typescript: no warning, an operation per operationId, a schema per component, and it compiles", async () => {
    const out = join(served.dir, "openapi-typescript.ts");
    const { stdout, stderr } = await run(join(tools, "openapi-typescript"), [served.file, "-o", out], {
      env: plain,
    });
    expect(`${stdout}${stderr}`).not.toMatch(/warn|error|⚠|✗/i);
    const source = await readFile(out, "utf8");
    expect(keysOf(source, "export interface operations {", 4).sort()).toEqual([...operationIds].sort());
    expect(keysOf(source, "    schemas: {", 8).sort()).toEqual([...componentNames].sort());
    await typecheck([out]);
  });

  it("@hey-api/openapi-ts: no warning, a function per operation, types named after operationIds and components, and it compiles", async () => {
    const out = join(served.dir, "hey-api");
    const { stdout, stderr } = await run(join(tools, "openapi-ts"), ["-i", served.file, "-o", out], {
      env: plain,
    });
    expect(`${stdout}${stderr}`).not.toMatch(/warn|error|⚠|✗/i);
    const sdk = await readFile(join(out, "sdk.gen.ts"), "utf8");
    const functions = [...sdk.matchAll(/^export const (\w+) =/gm)].map(([, name]) => name);
    expect(functions.sort()).toEqual([...pathOperationIds].sort());

    const types = await readFile(join(out, "types.gen.ts"), "utf8");
    const names = [...types.matchAll(/^export type (\w+)/gm)].map(([, name]) => name ?? "");
    // Its own two, whatever the document: the client's options and the union of the webhooks.
    const own = new Set(["ClientOptions", "Webhooks"]);
    const invented = names.filter(
      (name) =>
        !own.has(name) &&
        !componentNames.includes(name) &&
        !operationIds.some((id) => name.startsWith(pascal(id))),
    );
    expect(invented).toEqual([]);
    for (const name of componentNames) expect(names).toContain(name);
    for (const id of pathOperationIds) expect(names).toContain(`${pascal(id)}Data`);
    await typecheck([join(out, "index.ts")]);
  });
});
