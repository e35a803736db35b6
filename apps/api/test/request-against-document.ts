// Whether a request is valid against the OpenAPI document, as a validating client or proxy built
// from it would judge: path and query parameters (an undeclared one is invalid where the operation
// takes some), declared headers, and a JSON body against the operation's schema.
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import type { OpenApiDocument, OpenApiOperation } from "./served-openapi.js";

export interface DocumentRequest {
  method: string;
  // The concrete path, query string included.
  url: string;
  headers?: Record<string, string>;
  // Sent as is when a string, else as JSON.
  body?: unknown;
}

const pointer = (segments: string[]) =>
  segments.map((s) => encodeURIComponent(s.replaceAll("~", "~0").replaceAll("/", "~1"))).join("/");

export function requestValidator(document: OpenApiDocument) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema(document, "openapi.json");
  const check = (segments: string[], value: unknown, label: string): string[] => {
    const validate = ajv.compile({ $ref: `openapi.json#/${pointer(segments)}` });
    return validate(value) ? [] : [`${label}: ${ajv.errorsText(validate.errors)}`];
  };

  // The operation a concrete path and method belong to, with its path parameters.
  const find = (method: string, path: string) => {
    for (const [template, methods] of Object.entries(document.paths)) {
      const names: string[] = [];
      const source = template.replace(/\{(\w+)\}/g, (_, name: string) => {
        names.push(name);
        return "([^/]+)";
      });
      const match = new RegExp(`^${source}$`).exec(path);
      const operation = methods[method.toLowerCase()];
      if (match && operation) {
        const params = Object.fromEntries(
          names.map((name, i) => [name, decodeURIComponent(match[i + 1] ?? "")]),
        );
        return { template, operation, params };
      }
    }
    return undefined;
  };

  return (request: DocumentRequest): string[] => {
    const url = new URL(request.url, "http://herald.test");
    const found = find(request.method, url.pathname);
    if (!found) return [`no operation ${request.method} ${url.pathname}`];
    const { template, operation, params } = found;
    const at = ["paths", template, request.method.toLowerCase()];
    const problems: string[] = [];
    const parameters = operation.parameters ?? [];
    const headers = Object.fromEntries(
      Object.entries(request.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
    );
    parameters.forEach((parameter, index) => {
      const where = [...at, "parameters", String(index), "schema"];
      const values =
        parameter.in === "path"
          ? [params[parameter.name]]
          : parameter.in === "header"
            ? [headers[parameter.name.toLowerCase()]]
            : url.searchParams.getAll(parameter.name);
      const present = values.filter((value) => value !== undefined) as string[];
      if (present.length === 0) {
        if (parameter.required) problems.push(`${parameter.name}: required`);
        return;
      }
      problems.push(...check(where, asSchemaSees(parameter.schema, present), parameter.name));
    });
    const declaredQuery = parameters.filter((p) => p.in === "query").map((p) => p.name);
    // The server refuses unknown query parameters where an operation takes some, and ignores them
    // where it takes none (OpenAPI cannot say either).
    for (const name of new Set(url.searchParams.keys()))
      if (declaredQuery.length > 0 && !declaredQuery.includes(name))
        problems.push(`${name}: not a parameter`);
    problems.push(
      ...checkBody(operation, request, headers, (value) =>
        check([...at, "requestBody", "content", "application/json", "schema"], value, "body"),
      ),
    );
    return problems;
  };
}

function checkBody(
  operation: OpenApiOperation,
  request: DocumentRequest,
  headers: Record<string, string>,
  check: (value: unknown) => string[],
): string[] {
  if (request.body === undefined) return operation.requestBody?.required ? ["body: required"] : [];
  if (!operation.requestBody) return ["body: none is taken"];
  const type = headers["content-type"] ?? "application/json";
  if (!Object.keys(operation.requestBody.content).includes(type.split(";")[0]?.trim() ?? ""))
    return [`body: ${type} is not a declared media type`];
  if (typeof request.body !== "string") return check(request.body);
  try {
    return check(JSON.parse(request.body));
  } catch {
    return ["body: not JSON"];
  }
}

// Query and header values are text: a number where the schema wants one, a list for an array
// (repeated, or comma-separated).
function asSchemaSees(schema: unknown, values: string[]): unknown {
  const { type } = (schema ?? {}) as { type?: string };
  if (type === "array") return values.flatMap((value) => value.split(","));
  const [value = ""] = values;
  if ((type === "integer" || type === "number") && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  if (type === "boolean" && (value === "true" || value === "false")) return value === "true";
  return value;
}
