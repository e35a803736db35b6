// Each operation is declared once beside its handler (apps/api/src/routes): the /v1 router mounts
// the declarations and the OpenAPI document describes them. These tests hold the real router, the
// declarations it runs and the served document to each other, and each declaration's scope to
// what its route enforces.
import { createLogger, parseConfig } from "@herald/runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HeraldStack } from "../../../test/support/herald-stack.js";
import { type ApiResources, createApiDeps } from "../src/api-deps.js";
import { createApp } from "../src/app.js";
import { SCOPES, SERVICE_SCOPE } from "../src/auth/api-keys.js";
import { apiConfigSchema } from "../src/config.js";
import { declarationOf } from "../src/http/mount-operations.js";
import type { Operation } from "../src/http/operation.js";

interface RouterLayer {
  rawPath?: string | string[];
  route?: { path: string; methods: Record<string, boolean>; stack: { handle: unknown }[] };
  handle?: { stack?: RouterLayer[] };
}

interface Route {
  method: string;
  // `:param` written as OpenAPI's `{param}`.
  path: string;
  // The route's last handler: the one that answers.
  handler: unknown;
}

// Every method and path an Express router answers, through the routers mounted in it.
function routesOf(stack: RouterLayer[], prefixes = [""]): Route[] {
  return stack.flatMap((layer) => {
    if (layer.route) {
      const { path, methods, stack: handlers } = layer.route;
      return prefixes.flatMap((prefix) =>
        Object.keys(methods)
          .filter((method) => method !== "_all")
          .map((method) => ({
            method: method.toUpperCase(),
            path: `${prefix}${path}`.replace(/:(\w+)/g, "{$1}"),
            handler: handlers.at(-1)?.handle,
          })),
      );
    }
    if (!layer.handle?.stack) return [];
    const mounted = [layer.rawPath ?? "/"].flat().map((path) => (path === "/" ? "" : path));
    return routesOf(
      layer.handle.stack,
      prefixes.flatMap((prefix) => mounted.map((path) => `${prefix}${path}`)),
    );
  });
}

const ZERO_ID = "00000000-0000-4000-8000-000000000000";
// A call to the operation with path parameters naming nothing, and no body.
const urlOf = (operation: Operation) =>
  `/v1${operation.path}`.replace("{account}", "nobody").replace(/\{\w+\}/g, ZERO_ID);

let stack: HeraldStack;
let deps: ApiResources;
let routes: Route[];
// What the /v1 router really runs, found through its routes.
let declarations: Operation[];

beforeAll(async () => {
  stack = await HeraldStack.start();
  // The API's own router, built in-process from the same config as the running api.
  deps = createApiDeps(
    parseConfig(apiConfigSchema, stack.env),
    createLogger({ name: "test", level: "silent" }),
  );
  routes = routesOf(createApp(deps).router.stack as unknown as RouterLayer[]);
  declarations = routes
    .filter((route) => route.path.startsWith("/v1/"))
    .map((route) => declarationOf(route.handler))
    .filter((operation) => operation !== undefined);
});
afterAll(async () => {
  await deps?.close();
  await stack?.stop();
});

describe("operations declared once", () => {
  it("mounts every /v1 route from a declaration of that method and path", () => {
    const v1 = routes.filter((route) => route.path.startsWith("/v1/"));
    expect(v1.length).toBeGreaterThan(10);
    for (const route of v1) {
      const declared = declarationOf(route.handler);
      expect(declared, `${route.method} ${route.path} has no declaration`).toBeDefined();
      expect(`${declared?.method.toUpperCase()} /v1${declared?.path}`).toBe(`${route.method} ${route.path}`);
    }
    expect(new Set(declarations.map((operation) => operation.operationId)).size).toBe(v1.length);
  });

  it("documents every route the API serves, and routes every operation it documents", async () => {
    const document = (await (await fetch(`${stack.api.url}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { operationId: string }>>;
    };
    const documented = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.entries(operations).map(
        ([method, { operationId }]) => `${method.toUpperCase()} ${path} ${operationId}`,
      ),
    );
    const routed = declarations.map(
      (operation) => `${operation.method.toUpperCase()} /v1${operation.path} ${operation.operationId}`,
    );
    expect(routed.sort()).toEqual(documented.sort());
    // The seed vendors' /api/v1 is the same API.
    const under = (prefix: string) =>
      routes
        .filter((route) => route.path.startsWith(`${prefix}/`))
        .map((route) => `${route.method} ${route.path.slice(prefix.length)}`);
    expect(under("/api/v1").sort()).toEqual(under("/v1").sort());
  });

  it("enforces each declared scope: 403 naming it for a key with every other scope, not for a key with only it", async () => {
    const keys = new Map<string, string>();
    const keyWith = async (scopes: string[]) => {
      const name = scopes.join("+") || "none";
      if (!keys.has(name)) keys.set(name, await stack.key(scopes, "scope-check"));
      return keys.get(name) as string;
    };
    for (const operation of declarations) {
      const { method, scope, operationId } = operation;
      const call = async (scopes: string[]) =>
        stack.call(method.toUpperCase(), urlOf(operation), { key: await keyWith(scopes) });
      if (!scope) {
        expect((await call([])).status, `${operationId} without a scope`).not.toBe(403);
        continue;
      }
      // "*" grants every account scope, never the service scope.
      const others = scope === SERVICE_SCOPE ? ["*"] : SCOPES.filter((other) => other !== scope);
      const refused = await call(others);
      expect(refused.status, operationId).toBe(403);
      expect(refused.body.error.details?.scope, operationId).toBe(`required: ${scope}`);
      expect((await call([scope])).status, `${operationId} with ${scope}`).not.toBe(403);
    }
  });

  // The scope test above holds each route to its own declaration, so a scope dropped from one passes
  // it. Any key or portal session of the account may call an operation without a scope: only a GET
  // that names nothing (no path parameter, query or body) may be one, answering about the credential.
  it("declares a scope on every operation but a GET that names nothing", () => {
    const open = declarations.filter((operation) => !operation.scope);
    expect(open.length).toBeGreaterThan(0);
    for (const { operationId, method, path, query, body } of open)
      expect({ method, names: path.includes("{") || !!query || !!body }, operationId).toEqual({
        method: "get",
        names: false,
      });
  });

  it("refuses a portal session holding the scope on operations for API keys only", async () => {
    const created = await stack.call<{ url: string }>("POST", "/v1/portal-sessions", {
      key: await stack.key(["*"], "portal-check"),
      body: { rights: "manage" },
    });
    expect(created.status).toBe(201);
    const token = new URL(created.body.data.url).hash.slice(1);
    const keyOnly = declarations.filter((operation) => operation.apiKeyOnly);
    expect(keyOnly.length).toBeGreaterThan(0);
    for (const operation of keyOnly) {
      const answer = await stack.call(operation.method.toUpperCase(), urlOf(operation), { key: token });
      expect(answer.status, operation.operationId).toBe(403);
      expect(answer.body.error.message, operation.operationId).toMatch(/portal session cannot/);
    }
    // The same session may use the other operations of that scope.
    const sameScope = declarations.filter(
      (operation) => !operation.apiKeyOnly && keyOnly.some(({ scope }) => scope === operation.scope),
    );
    expect(sameScope.length).toBeGreaterThan(0);
    for (const operation of sameScope) {
      const answer = await stack.call(operation.method.toUpperCase(), urlOf(operation), { key: token });
      expect(answer.status, operation.operationId).not.toBe(403);
    }
  });
});
