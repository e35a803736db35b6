// The files of src/generated, made from the OpenAPI document a default-configured Herald serves:
// its types (openapi-typescript) and each operation's method and path (for the client's requests).
import { fileURLToPath } from "node:url";
import { defaultEventTypes, defaultOpenApiDocument } from "@herald/api/openapi";
import openapiTS, { astToString, type OpenAPI3 } from "openapi-typescript";

export const GENERATE_COMMAND = "npm run generate -w @herald/client";
export const packageDir = fileURLToPath(new URL("..", import.meta.url));

const header = (what: string) =>
  `// ${what}, generated from Herald's OpenAPI document by \`${GENERATE_COMMAND}\`. Do not edit.\n\n`;

// The document lists its server's event catalog wherever an event type goes (the default one here);
// a Herald may be configured with others (EVENT_TYPES, EXTRA_EVENT_TYPES), so the SDK takes any name.
function anyEventType(node: unknown, catalog: Set<string>): unknown {
  if (Array.isArray(node)) return node.map((item) => anyEventType(item, catalog));
  if (typeof node !== "object" || node === null) return node;
  const { enum: values, ...rest } = node as { enum?: unknown[] };
  if (values?.every((value) => catalog.has(value as string))) return { ...rest, type: "string" };
  return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, anyEventType(value, catalog)]));
}

export async function generatedFiles(): Promise<Record<string, string>> {
  const document = defaultOpenApiDocument();
  const open = anyEventType(document, new Set([...defaultEventTypes(), "*"]));
  // An event's `data` is a free-form object: unknown values, not Record<string, never>.
  const ast = await openapiTS(open as OpenAPI3, { emptyObjectsUnknown: true });
  const routes = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => {
      const { operationId } = operation as { operationId: string };
      return `  ${operationId}: { method: "${method.toUpperCase()}", path: "${path}" },\n`;
    }),
  );
  return {
    "src/generated/openapi.ts": header("Types of every path, operation and schema") + astToString(ast),
    "src/generated/routes.ts": `${header("Each operation's method and path")}export const routes = {\n${routes.join("")}} as const;\n`,
  };
}
