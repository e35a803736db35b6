// The served document passes redocly's recommended rules with no error and no warning, and
// Spectral's OpenAPI rules (.spectral.yaml) with no error and no warning, both run offline from
// node_modules (telemetry and update checks off); and every example in it is valid against its
// own schema, checked with ajv (JSON Schema 2020-12, formats included).
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { repoRoot } from "@herald/local-stack";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HeraldStack } from "../../../test/support/herald-stack.js";
import { operationExamples } from "../src/openapi/examples.js";
import { fetchServedDocument, operationsOf, resolveResponse, type ServedDocument } from "./served-openapi.js";

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
    // Spectral exits 1 when it finds a warning or worse (the report says what), and 2 when it could
    // not lint at all (no ruleset, no document), with nothing on stdout: that must fail too.
    const { stdout } = await run(
      bin("spectral"),
      [
        "lint",
        "--ruleset",
        join(repoRoot, ".spectral.yaml"),
        "--format",
        "json",
        "--fail-severity",
        "warn",
        "--quiet",
        served.file,
      ],
      { cwd: served.dir, env: offline, maxBuffer: 64 << 20 },
    ).catch((error: { code?: number; stdout?: string }) => {
      if (error.code !== 1) throw error;
      return { stdout: error.stdout ?? "" };
    });
    const results = JSON.parse(stdout) as {
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

describe("the document's examples", () => {
  // Each example validated against the schema beside it, found by its JSON pointer in the document.
  function validator() {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    ajv.addSchema(served.document, "openapi.json");
    const pointer = (segments: string[]) =>
      segments.map((s) => encodeURIComponent(s.replaceAll("~", "~0").replaceAll("/", "~1"))).join("/");
    return (segments: string[], example: unknown) => {
      const validate = ajv.compile({ $ref: `openapi.json#/${pointer(segments)}` });
      return validate(example) ? [] : [`${segments.join(" ")}: ${ajv.errorsText(validate.errors)}`];
    };
  }

  it("has one, valid against its schema, for every request body and every response", () => {
    const check = validator();
    const problems: string[] = [];
    const { document } = served;
    for (const { path, method, operation } of operationsOf(document)) {
      const at = ["paths", path, method];
      const body = operation.requestBody?.content["application/json"];
      if (body)
        problems.push(
          ...check([...at, "requestBody", "content", "application/json", "schema"], body.example),
        );
      for (const [status, response] of Object.entries(operation.responses)) {
        const where = response.$ref
          ? ["components", "responses", response.$ref.split("/").at(-1) ?? ""]
          : [...at, "responses", status];
        const media = resolveResponse(document, response).content?.["application/json"];
        expect(media?.example, `${operation.operationId} ${status}`).toBeDefined();
        problems.push(...check([...where, "content", "application/json", "schema"], media?.example));
      }
    }
    expect(problems).toEqual([]);
  });

  it("has one, valid, for the outbound webhook's payload and headers and for each response header", () => {
    const check = validator();
    const problems: string[] = [];
    const { webhooks, components } = served.document;
    for (const [name, methods] of Object.entries(webhooks)) {
      for (const [method, operation] of Object.entries(methods)) {
        const at = ["webhooks", name, method];
        const body = operation.requestBody?.content["application/json"];
        expect(body?.example).toBeDefined();
        problems.push(
          ...check([...at, "requestBody", "content", "application/json", "schema"], body?.example),
        );
        (operation.parameters ?? []).forEach((parameter, index) => {
          const { example } = parameter as { example?: unknown };
          expect(example, parameter.name).toBeDefined();
          problems.push(...check([...at, "parameters", String(index), "schema"], example));
        });
      }
    }
    for (const [name, header] of Object.entries(components.headers)) {
      expect(header.example, name).toBeDefined();
      problems.push(...check(["components", "headers", name, "schema"], header.example));
    }
    expect(problems).toEqual([]);
  });

  it("keys its examples by the document's operationIds, none missing, none left over", () => {
    const ids = operationsOf(served.document).map(({ operation }) => operation.operationId);
    expect(Object.keys(operationExamples).sort()).toEqual(ids.sort());
  });
});
