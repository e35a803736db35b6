import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { z } from "zod";
import { loadConfigOrExit } from "./config.js";

// `npm run dev` leaves the running stack's coordinates here (HERALD_URL, HERALD_KEY, DATABASE_URL,
// …) as `export NAME='value'` lines a shell can source; it removes the file when it stops.
export const DEV_ENV_FILE = join(".herald", "dev.env");

export function formatDevEnv(values: Record<string, string>): string {
  return Object.entries(values)
    .map(([name, value]) => `export ${name}='${value.replaceAll("'", `'\\''`)}'`)
    .join("\n")
    .concat("\n");
}

// The environment, with what the dev stack's file in `dir` knows filled in where a variable is
// unset: the CLIs then work in a second terminal beside `npm run dev` with no setup. `used`
// names the variables taken from the file.
export function withDevEnvDefaults(
  env: NodeJS.ProcessEnv = process.env,
  dir: string = process.cwd(),
): { env: NodeJS.ProcessEnv; used: string[] } {
  let text: string;
  try {
    text = readFileSync(join(dir, DEV_ENV_FILE), "utf8");
  } catch {
    return { env, used: [] };
  }
  const merged = { ...env };
  const used: string[] = [];
  for (const line of text.split("\n")) {
    const match = /^(?:export\s+)?([A-Z_][A-Z0-9_]*)='((?:[^']|'\\'')*)'$/.exec(line.trim());
    if (!match || merged[match[1]!] !== undefined) continue;
    merged[match[1]!] = match[2]!.replaceAll(`'\\''`, "'");
    used.push(match[1]!);
  }
  return { env: merged, used };
}

// A CLI's configuration: its schema over the environment plus the dev stack's file, saying on
// stderr which of its variables came from the file (stdout stays clean for --json).
export function loadCliConfigOrExit<S extends z.ZodObject>(program: string, schema: S): z.output<S> {
  const { env, used } = withDevEnvDefaults();
  const mine = used.filter((name) => name in schema.shape);
  if (mine.length > 0) process.stderr.write(`${program}: ${mine.join(", ")} from ${DEV_ENV_FILE}\n`);
  return loadConfigOrExit(schema, env);
}
