// Requests made from a valid one by changing one top-level field at a time, the way its JSON
// Schema suggests (missing, wrong type, just past a bound, outside an enum, an unknown field), so
// the strictness test judges every field of every request body without a hand-written case each.
type Schema = {
  type?: string | string[];
  anyOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  items?: Schema;
};

export interface Mutation {
  name: string;
  body: Record<string, unknown>;
}

// The object branch of a body that may come in two shapes (the webhook API's unwrapped one first).
const objectOf = (schema: Schema): Schema => (schema.properties ? schema : (schema.anyOf?.[0] ?? schema));
// A nullable field's schema without the null.
const notNull = (schema: Schema): Schema => schema.anyOf?.find((branch) => branch.type !== "null") ?? schema;

function wrongType(schema: Schema): unknown {
  const type = [schema.type].flat()[0];
  if (type === "string") return 7;
  if (type === "array" || type === "object") return "text";
  return "7";
}

function pastBounds(schema: Schema, example: unknown): [string, unknown][] {
  const out: [string, unknown][] = [];
  if (schema.enum) out.push(["outside the enum", "not-one-of-them"]);
  if (schema.minimum !== undefined) out.push(["below the minimum", schema.minimum - 1]);
  if (schema.maximum !== undefined) out.push(["above the maximum", schema.maximum + 1]);
  if (schema.type === "integer") out.push(["a fraction", (schema.minimum ?? 0) + 0.5]);
  if (schema.minLength) out.push(["too short", ""]);
  if (schema.maxLength !== undefined) out.push(["too long", "x".repeat(schema.maxLength + 1)]);
  if (schema.minItems) out.push(["too few items", []]);
  if (schema.maxItems !== undefined && Array.isArray(example) && example.length > 0)
    out.push([
      "too many items",
      Array.from({ length: schema.maxItems + 1 }, (_, i) => example[i % example.length]),
    ]);
  if (schema.items?.enum) out.push(["an item outside the enum", ["not-one-of-them"]]);
  return out;
}

export function mutationsOf(bodySchema: unknown, example: Record<string, unknown>): Mutation[] {
  const schema = objectOf(bodySchema as Schema);
  const mutations: Mutation[] = [{ name: "an unknown field", body: { ...example, zz_unknown: 1 } }];
  for (const [field, fieldSchema] of Object.entries(schema.properties ?? {})) {
    const value = notNull(fieldSchema);
    const { [field]: current, ...without } = example;
    mutations.push({ name: `${field} missing`, body: without });
    mutations.push({ name: `${field} of the wrong type`, body: { ...example, [field]: wrongType(value) } });
    for (const [what, changed] of pastBounds(value, current))
      mutations.push({ name: `${field} ${what}`, body: { ...example, [field]: changed } });
  }
  return mutations;
}

interface Parameter {
  name: string;
  in: string;
  schema: unknown;
}

// Query strings made the same way from each query parameter's schema, plus one the operation
// does not take.
export function queryMutationsOf(parameters: Parameter[]): { name: string; query: string }[] {
  const out = [{ name: "an unknown query parameter", query: "zz_unknown=1" }];
  for (const { name, schema: declared } of parameters.filter((p) => p.in === "query")) {
    const schema = declared as Schema & { format?: string };
    const bad: [string, string][] = [];
    if (schema.type === "integer") bad.push(["not a number", "abc"], ["a fraction", "1.5"]);
    if (schema.minimum !== undefined) bad.push(["below the minimum", String(schema.minimum - 1)]);
    if (schema.maximum !== undefined) bad.push(["above the maximum", String(schema.maximum + 1)]);
    if (schema.enum) bad.push(["outside the enum", "not-one-of-them"]);
    if (schema.format === "date-time")
      bad.push(["not a time", "yesterday"], ["a time", "2026-01-01T00:00:00Z"]);
    for (const [what, value] of bad)
      out.push({ name: `${name} ${what}`, query: `${name}=${encodeURIComponent(value)}` });
  }
  return out;
}
