// The published contract: /openapi.json is valid OpenAPI 3.1 and names the scope each route demands
// (operations.test.ts holds the router to it; the /docs page on it is tested in a browser:
// test/ui/docs-page.test.ts); and the seed documents' own curl examples work against Herald as written.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "@herald/local-stack";
import { Validator } from "@seriousme/openapi-schema-validator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HeraldStack } from "../../../test/support/herald-stack.js";

let stack: HeraldStack;

interface OpenApiPaths {
  paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: unknown }> } }>>;
}

beforeAll(async () => {
  stack = await HeraldStack.start({ env: { ALLOW_HTTP_URLS: "false", ALLOWED_PRIVATE_NETWORKS: "" } });
});
afterAll(() => stack?.stop());

describe("OpenAPI", () => {
  it("serves a document that passes an OpenAPI 3.1 validator", async () => {
    const document = (await (await fetch(`${stack.api.url}/openapi.json`)).json()) as { openapi: string };
    const result = await new Validator().validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(document.openapi).toBe("3.1.0");
    // Generated clients need an absolute base URL.
    const { servers } = document as unknown as { servers: { url: string }[] };
    expect(new URL(servers[0]?.url ?? "").origin).toMatch(/^http:\/\/localhost:\d+$/);
  });

  it("gives every operation a unique operationId, a declared 401, and a declared 403 naming the scope the router demands", async () => {
    const document = (await (await fetch(`${stack.api.url}/openapi.json`)).json()) as {
      paths: Record<
        string,
        Record<
          string,
          { operationId?: string; security?: { apiKey: string[] }[]; responses: Record<string, unknown> }
        >
      >;
    };
    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({
        path,
        method: method.toUpperCase(),
        operation,
      })),
    );
    const ids = operations.map(({ operation }) => operation.operationId);
    for (const id of ids) expect(id).toMatch(/^[a-z][A-Za-z]+$/);
    expect(new Set(ids).size).toBe(operations.length);

    // What the router really does: every operation, called without a credential and then with a key
    // holding no scope at all, path parameters filled with names of nothing.
    const noScopes = await stack.key([], "scopeless");
    for (const { path, method, operation } of operations) {
      const url = path
        .replace("{account}", "nobody")
        .replace(/\{\w+\}/g, "00000000-0000-4000-8000-000000000000");
      const label = `${method} ${path}`;
      const anonymous = await stack.call(method, url);
      expect(anonymous.status, label).toBe(401);
      expect(operation.responses["401"], label).toBeDefined();
      const scopeless = await stack.call(method, url, { key: noScopes });
      const declared = operation.security?.[0]?.apiKey ?? [];
      if (scopeless.status === 403) {
        expect(operation.responses["403"], label).toBeDefined();
        expect([scopeless.body.error.details?.scope], label).toEqual(
          declared.map((scope) => `required: ${scope}`),
        );
      } else {
        expect(declared, `${label} answered ${scopeless.status} to a key without scopes`).toEqual([]);
      }
    }
  });

  it("states the validation rules it applies", async () => {
    const document = (await (await fetch(`${stack.api.url}/openapi.json`)).json()) as OpenApiPaths;
    const create = JSON.stringify(document.paths["/v1/webhooks"]?.post?.requestBody);
    expect(create).toContain('"maxLength":2048');
    expect(create).toContain('"maxItems":100');
    expect(create).toContain('"additionalProperties":false');
  });
});

// The seeds' examples, run with curl; only the host, the key and the ids are replaced.
function seedCurlCommands(file: string): string[] {
  const text = readFileSync(join(repoRoot, "docs/seeds", file), "utf8");
  const commands: string[] = [];
  for (const match of text.matchAll(/curl[\s\S]*?(?=\n\s*\n|\n[A-Z][a-z]|\{\s*\n"success"|$)/g)) {
    commands.push(match[0].replace(/\{\s*"success"[\s\S]*$/, "").trim());
  }
  return commands;
}

describe("the seed documents' curl examples", () => {
  it("all succeed against Herald as written", async () => {
    const key = await stack.key(["*"], "seed-co");
    const { body } = await stack.call("POST", "/v1/webhooks", {
      key,
      body: { url: "https://example.com/seed", events: ["product.synced"] },
    });
    const id = body.data.id as string;
    const commands = [
      ...seedCurlCommands("webhooks-api-beaconed.txt"),
      ...seedCurlCommands("webhooks-api-beel.txt"),
    ];
    expect(commands.length).toBe(8);
    // DELETE last, so the examples after it in the document still find the webhook.
    commands.sort((a, b) => Number(a.includes("DELETE")) - Number(b.includes("DELETE")));
    for (const original of commands) {
      let command = original
        .replaceAll("https://beaconed.ai/api/v1", `${stack.api.url}/api/v1`)
        .replaceAll("https://app.beel.es/api/v1", `${stack.api.url}/api/v1`)
        .replaceAll("{token}", key)
        .replaceAll("{id}", id)
        .replaceAll("497f6eca-6276-4993-bfeb-53cbbbba6f08", id)
        // The beel page flattened its line continuations into "\ " mid-line.
        .replaceAll("\\ -", "-");
      // The beel example omits the header its own text says every call needs.
      if (!command.includes("Authorization"))
        command = command.replace("curl ", `curl -H "Authorization: Bearer ${key}" `);
      // The test example reports the attempt to example.com (unreachable here) as its outcome.
      const output = execFileSync("bash", ["-c", `${command} -s -w '\\n%{http_code}'`], { encoding: "utf8" });
      const lines = output.trimEnd().split("\n");
      const status = Number(lines.pop());
      const answer = JSON.parse(lines.join("\n"));
      expect(answer.success, `${original}\n→ ${output}`).toBe(true);
      expect(status, original).toBeLessThan(300);
    }
  });
});
