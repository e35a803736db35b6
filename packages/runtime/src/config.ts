import { z } from "zod";

export class ConfigError extends Error {}

/**
 * Parses the environment with an app's schema. A bad value throws one ConfigError whose
 * message names every offending variable; `exitOnConfigError` turns it into a one-line
 * message and exit code 1 instead of a stack trace.
 */
export function parseConfig<S extends z.ZodType>(
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): z.output<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join(".") || "(env)"}: ${issue.message}`);
  throw new ConfigError(`Invalid configuration: ${problems.join("; ")}`);
}

export function loadConfigOrExit<S extends z.ZodType>(
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): z.output<S> {
  try {
    return parseConfig(schema, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}

// Building blocks shared by the api and worker schemas, so that a variable means the
// same thing (and is validated the same way) in both.

const booleanWords = z.enum(["true", "false", "1", "0", "yes", "no"], { message: "expected true or false" });
const isTrue = (value: string) => value === "true" || value === "1" || value === "yes";

export const env = {
  integer: (fallback: number, { min = 0, max = Number.MAX_SAFE_INTEGER } = {}) =>
    z
      .string()
      .default(String(fallback))
      .transform((value, ctx) => {
        const trimmed = value.trim();
        const n = Number(trimmed);
        if (trimmed === "" || !Number.isInteger(n)) {
          ctx.addIssue({ code: "custom", message: `expected an integer, got "${value}"` });
          return z.NEVER;
        }
        if (n < min || n > max) {
          ctx.addIssue({ code: "custom", message: `expected an integer from ${min} to ${max}, got ${n}` });
          return z.NEVER;
        }
        return n;
      }),
  port: (fallback: number) => env.integer(fallback, { min: 0, max: 65535 }),
  boolean: (fallback: boolean) => booleanWords.default(fallback ? "true" : "false").transform(isTrue),
  url: (protocols: string[], what: string) =>
    z.string({ message: `required: ${what}` }).refine(
      (value) => {
        try {
          return protocols.includes(new URL(value).protocol);
        } catch {
          return false;
        }
      },
      { message: `expected a ${protocols.map((p) => `${p}//`).join(" or ")} URL for ${what}` },
    ),
  list: (fallback: string[]) =>
    z
      .string()
      .default(fallback.join(","))
      .transform((value) =>
        value
          .split(",")
          .map((item) => item.trim())
          .filter((item) => item !== ""),
      ),
  // Base64 of 32 random bytes (an AES-256 key).
  encryptionKey: () =>
    z
      .string()
      .refine(
        (value) =>
          /^[A-Za-z0-9+/_-]+={0,2}$/.test(value.trim()) && Buffer.from(value, "base64").length === 32,
        {
          message: "expected base64 of 32 bytes (openssl rand -base64 32)",
        },
      ),
  logLevel: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  nodeEnv: z.enum(["development", "test", "production"]).default("production"),
};
