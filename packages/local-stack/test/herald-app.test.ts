// Starting an app that cannot listen fails at once and says why, instead of waiting out the
// readiness timeout (the app exits; its EADDRINUSE line is in the error).
import { createServer } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startHeraldApp } from "../src/herald-app.js";
import { baseEnv, bundledProgram, freshDatabase, redisForTest, type TestDatabase } from "../src/testing.js";

let database: TestDatabase;
const taken = createServer();

beforeAll(async () => {
  database = await freshDatabase();
  await new Promise<void>((resolve) => taken.listen(0, "0.0.0.0", resolve));
});
afterAll(async () => {
  taken.close();
  await database?.drop();
});

it("fails fast, naming EADDRINUSE, when the port it is given is taken", async () => {
  const redis = redisForTest();
  const port = (taken.address() as { port: number }).port;
  const env = baseEnv({
    DATABASE_URL: database.url,
    REDIS_URL: redis.url,
    QUEUE_PREFIX: redis.prefix,
    WORKER_PORT: String(port),
  });
  const start = startHeraldApp("worker", env, {
    entry: bundledProgram("apps/worker/src/main.ts"),
    readyTimeoutMs: 120_000,
  });
  // Well inside the readiness timeout, which it would wait out if it did not notice the exit.
  await expect(start).rejects.toThrow(/EADDRINUSE/);
}, 60_000);
