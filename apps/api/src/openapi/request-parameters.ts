import type { z } from "zod";

type JsonSchema = Record<string, unknown>;

// Each field of a query or headers schema as an OpenAPI parameter, described by the field's
// .meta({ description }): the document shows exactly what the handler parses.
export function parametersOf(
  schema: z.ZodObject | undefined,
  location: "query" | "header",
  toSchema: (schema: z.ZodType, io: "input") => JsonSchema,
) {
  if (!schema) return [];
  const json = toSchema(schema, "input") as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, { description, ...property }]) => ({
    name,
    in: location,
    required: json.required?.includes(name) ?? false,
    ...(description === undefined ? {} : { description }),
    schema: property,
  }));
}
