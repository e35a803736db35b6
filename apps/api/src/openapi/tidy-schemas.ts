// zod writes every uuid and ISO time with its own several-hundred-character regex beside the
// `format` that already says it, and bounds every z.number().int() by ±(2^53 - 1). Readers and
// generators are better served by the format alone and no bound; the server's validation is the
// same either way (it runs the zod schemas, not these).
const SAFE = Number.MAX_SAFE_INTEGER;
const FORMATS_WITH_OWN_PATTERN = new Set(["uuid", "date-time"]);

export function tidySchemas(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) tidySchemas(item);
    return;
  }
  if (!node || typeof node !== "object") return;
  const schema = node as Record<string, unknown>;
  if (typeof schema.format === "string" && FORMATS_WITH_OWN_PATTERN.has(schema.format)) delete schema.pattern;
  if (schema.minimum === -SAFE) delete schema.minimum;
  if (schema.maximum === SAFE) delete schema.maximum;
  for (const value of Object.values(schema)) tidySchemas(value);
}
