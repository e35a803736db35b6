// The worker's maintenance loop: at start (and every RETENTION_INTERVAL_MS) it drops expired
// day partitions, keeps partitions ahead, logs the pass and exports the storage metrics.
import { createDayPartitions, uuidv7 } from "@herald/db";
import { afterAll, beforeAll, expect, it } from "vitest";
import { HeraldStack } from "../../../test/support/herald-stack.js";

let stack: HeraldStack;
const DAY = 86_400_000;

beforeAll(async () => {
  stack = await HeraldStack.start({ api: false });
});
afterAll(() => stack?.stop());

it("drops an expired day at start, logs it, and exports storage metrics", async () => {
  const at = new Date(Date.now() - 40 * DAY);
  const client = await stack.db.connect();
  try {
    await createDayPartitions(client, at, at);
  } finally {
    client.release();
  }
  const day = `events_p${at.toISOString().slice(0, 10).replaceAll("-", "")}`;
  await stack.query("INSERT INTO accounts (id, name) VALUES (gen_random_uuid(), 'old')");
  await stack.query(
    `INSERT INTO events (id, account_id, type, payload, request_hash, created_at)
     SELECT $1, id, 't', '{}', 'h', $2 FROM accounts WHERE name = 'old'`,
    [uuidv7(at), at],
  );
  const partitions = () =>
    stack.query<{ relname: string }>("SELECT relname FROM pg_class WHERE relname = $1", [day]);
  expect(await partitions()).toHaveLength(1);

  const worker = await stack.startApp("worker", {
    RETENTION_DAYS: "30",
    RETENTION_INTERVAL_MS: "1000",
    LOG_LEVEL: "info",
  });
  const deadline = Date.now() + 15_000;
  while ((await partitions()).length > 0 && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 100));
  expect(await partitions()).toEqual([]);
  expect(await stack.query("SELECT id FROM events")).toEqual([]);
  // The pass logs what it dropped, as `npm run retention` prints it.
  const logged = () => worker.output().find((line) => line.includes("dropped ") && line.includes(day));
  while (!logged() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  expect(logged()).toMatch(/"level":"info"/);

  const metrics = await (await fetch(`${worker.url}/metrics`)).text();
  expect(metrics).toMatch(/^herald_storage_bytes\{table="events"[^}]*\} [1-9]\d*$/m);
  expect(metrics).toMatch(/^herald_storage_partitions_ahead\{[^}]*\} ([7-9]|\d\d)$/m);
  const lastSuccess = Number(
    /^herald_retention_last_success_timestamp_seconds\{[^}]*\} (\S+)$/m.exec(metrics)?.[1],
  );
  expect(lastSuccess).toBeGreaterThan(Date.now() / 1000 - 60);
  expect(metrics).toMatch(/^herald_retention_dropped_partitions_total\{[^}]*\} [1-9]/m);
});
