// The OpenAPI document a running api serves, written to a temporary file for the command-line
// tools that the document's tests run on it.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { HeraldStack } from "../../../test/support/herald-stack.js";

export interface ServedDocument {
  document: OpenApiDocument;
  file: string;
  dir: string;
  remove(): Promise<void>;
}

export interface OpenApiOperation {
  operationId: string;
  parameters?: { name: string; in: string; required?: boolean; schema: unknown }[];
  requestBody?: { required?: boolean; content: Record<string, { schema: unknown; example?: unknown }> };
  responses: Record<string, OpenApiResponse>;
}

export interface OpenApiResponse {
  $ref?: string;
  description?: string;
  headers?: Record<string, { $ref?: string; required?: boolean }>;
  content?: Record<string, { schema: unknown; example?: unknown }>;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  webhooks: Record<string, Record<string, OpenApiOperation>>;
  components: {
    schemas: Record<string, unknown>;
    responses: Record<string, OpenApiResponse>;
    headers: Record<string, { required?: boolean; schema: unknown; example?: unknown }>;
  };
}

export async function fetchServedDocument(stack: HeraldStack): Promise<ServedDocument> {
  const response = await fetch(`${stack.api.url}/openapi.json`);
  if (response.status !== 200) throw new Error(`/openapi.json answered ${response.status}`);
  const text = await response.text();
  const dir = await mkdtemp(join(tmpdir(), "herald-openapi-"));
  const file = join(dir, "openapi.json");
  await writeFile(file, text);
  return {
    document: JSON.parse(text) as OpenApiDocument,
    file,
    dir,
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

// Every operation of the document with its method and path.
export function operationsOf(document: OpenApiDocument) {
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ path, method, operation })),
  );
}

// A response object, through its $ref when it has one.
export function resolveResponse(document: OpenApiDocument, response: OpenApiResponse): OpenApiResponse {
  if (!response.$ref) return response;
  const name = response.$ref.replace("#/components/responses/", "");
  const resolved = document.components.responses[name];
  if (!resolved) throw new Error(`no response ${response.$ref}`);
  return resolved;
}
