import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { DEV_ENV_FILE, formatDevEnv, withDevEnvDefaults } from "./dev-env.js";

let dir: string;
afterEach(() => rm(dir, { recursive: true, force: true }));

it("fills in only the variables the environment leaves unset, and reads back what it wrote", async () => {
  dir = await mkdtemp(join(tmpdir(), "dev-env-"));
  await mkdir(join(dir, ".herald"));
  const written = { DATABASE_URL: "postgresql://p@127.0.0.1:5/herald", REDIS_URL: "redis://x", ODD: "it's" };
  await writeFile(join(dir, DEV_ENV_FILE), formatDevEnv(written));

  const { env, used } = withDevEnvDefaults({ REDIS_URL: "redis://mine" }, dir);
  expect(env).toEqual({ DATABASE_URL: written.DATABASE_URL, REDIS_URL: "redis://mine", ODD: "it's" });
  expect(used).toEqual(["DATABASE_URL", "ODD"]);
});

it("changes nothing where there is no dev stack", async () => {
  dir = await mkdtemp(join(tmpdir(), "dev-env-"));
  expect(withDevEnvDefaults({ A: "1" }, dir)).toEqual({ env: { A: "1" }, used: [] });
});
