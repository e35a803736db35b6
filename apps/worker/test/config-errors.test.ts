// A bad value stops each app at start with one line naming the variable, not a stack trace.
import { spawnSync } from "node:child_process";
import { repoRoot } from "@herald/local-stack";
import { bundledProgram } from "@herald/local-stack/testing";
import { describe, expect, it } from "vitest";

function start(role: "api" | "worker", env: Record<string, string>) {
  return spawnSync(process.execPath, bundledProgram(`apps/${role}/src/main.ts`), {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? "", ...env },
    encoding: "utf8",
    timeout: 20_000,
  });
}

const valid = {
  DATABASE_URL: "postgres://127.0.0.1:1/x",
  REDIS_URL: "redis://127.0.0.1:1",
  NODE_ENV: "development",
};

describe.each(["api", "worker"] as const)("%s with bad configuration", (role) => {
  it.each([
    [
      { PORT: "abc", WORKER_PORT: "abc" },
      role === "api" ? /PORT: expected an integer, got "abc"/ : /WORKER_PORT: expected an integer, got "abc"/,
    ],
    [{ DATABASE_URL: "nope" }, /DATABASE_URL: expected a postgres:\/\/ or postgresql:\/\/ URL/],
    [{ RETRY_MAX_ATTEMPTS: "0" }, /RETRY_MAX_ATTEMPTS: expected an integer from 1 to 50, got 0/],
    [{ NODE_ENV: "production" }, /SECRET_ENCRYPTION_KEY: required outside development/],
  ])("%o → exit 1 with one line", (overrides, message) => {
    const result = start(role, { ...valid, ...overrides });
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Invalid configuration: /);
    expect(lines[0]).toMatch(message);
    expect(result.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });
});
