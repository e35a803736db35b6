// The served document passes redocly's recommended rules with no error and no warning, and
// Spectral's OpenAPI rules (.spectral.yaml) with no error and no warning, both run offline from
// node_modules (telemetry and update checks off).
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { repoRoot } from "@herald/local-stack";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HeraldStack } from "../../../test/support/herald-stack.js";
import { fetchServedDocument, type ServedDocument } from "./served-openapi.js";

const run = promisify(execFile);
const bin = (name: string) => join(repoRoot, "node_modules", ".bin", name);
const offline = { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" };

let stack: HeraldStack;
let served: ServedDocument;

beforeAll(async () => {
  // As deployed: PUBLIC_URL names the API (redocly warns about a localhost server URL).
  stack = await HeraldStack.start({ env: { PUBLIC_URL: "https://webhooks.acme-shop.com" } });
  served = await fetchServedDocument(stack);
});
afterAll(async () => {
  await served?.remove();
  await stack?.stop();
});

describe("the served OpenAPI document", () => {
  it("passes redocly lint (recommended) with 0 errors and 0 warnings", async () => {
    const { stdout } = await run(
      bin("redocly"),
      ["lint", "--extends=recommended", "--format=json", served.file],
      { cwd: served.dir, env: offline, maxBuffer: 64 << 20 },
    );
    const report = JSON.parse(stdout) as {
      totals: { errors: number; warnings: number };
      problems: { ruleId: string; message: string; location: { pointer: string }[] }[];
    };
    const problems = report.problems.map((p) => `${p.ruleId} ${p.location[0]?.pointer}: ${p.message}`);
    expect(problems).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  });

  it("passes spectral:oas with 0 errors and 0 warnings", async () => {
    // Spectral exits 1 when it finds anything; the report says what.
    const { stdout } = await run(
      bin("spectral"),
      ["lint", "--ruleset", join(repoRoot, ".spectral.yaml"), "--format", "json", "--quiet", served.file],
      { cwd: served.dir, env: offline, maxBuffer: 64 << 20 },
    ).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? "" }));
    const results = JSON.parse(stdout || "[]") as {
      code: string;
      severity: number;
      path: string[];
      message: string;
    }[];
    // Severity 0 is an error, 1 a warning.
    const found = results.map(
      (r) =>
        `${["error", "warning", "info", "hint"][r.severity]} ${r.code} ${r.path.join(".")}: ${r.message}`,
    );
    expect(found).toEqual([]);
  });
});
