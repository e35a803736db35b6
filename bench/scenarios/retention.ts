// Scenario 8, retention: days of history generated in SQL (events, one delivery each, two
// attempts per delivery) in partitions 40 to 37 days old, then ingest at 70 % of capacity twice:
// once as is, once while a retention pass (RETENTION_DAYS 30) drops those days. Reports the
// pass's duration, ingest p99 with and without it, and the tables' sizes before and after.
import { createDayPartitions, idFloor, runRetentionPass, storageStats } from "@herald/db";
import pg from "pg";
import { nowMs, round, say, sleep } from "../log.js";
import { type ScenarioContext, setUpAccount } from "./common.js";
import { type SteadyRun, steadyRun } from "./steady-run.js";

const DAY = 86_400_000;
const DAYS = [40, 39, 38, 37];
const MB = 1024 * 1024;

export interface RetentionResult {
  rows: { events: number; deliveries: number; attempts: number };
  fillSeconds: number;
  passMs: number;
  droppedPartitions: number;
  withoutPass: SteadyRun;
  withPass: SteadyRun;
  // Ingest (POST /v1/events) p99 during the pass ÷ without it.
  p99Ratio: number;
  mbBefore: Record<string, number>;
  mbAfter: Record<string, number>;
}

export async function retentionScenario(
  ctx: ScenarioContext,
  scenario2: { offered: number },
): Promise<RetentionResult> {
  const ns = "s8-retention";
  const account = await setUpAccount(ctx, ns, 100);
  const attempts = ctx.settings.mode === "full" ? 3_000_000 : 200_000;
  const perDay = Math.ceil(attempts / 2 / DAYS.length);
  const client = new pg.Client({ connectionString: ctx.stack.databaseUrl });
  await client.connect();
  try {
    say(`scenario 8 (retention): generating ${attempts} attempt rows over ${DAYS.length} days in SQL…`);
    const fillFrom = nowMs();
    for (const daysAgo of DAYS) {
      const day = new Date(Math.floor((Date.now() - daysAgo * DAY) / DAY) * DAY);
      await createDayPartitions(client, day, day);
      await fillDay(client, day, perDay, account.accountId, account.webhookIds[0]!);
    }
    await client.query("ANALYZE events, deliveries, delivery_attempts");
    const fillSeconds = round((nowMs() - fillFrom) / 1000, 1);
    const rows = {
      events: perDay * DAYS.length,
      deliveries: perDay * DAYS.length,
      attempts: perDay * DAYS.length * 2,
    };
    const mbBefore = megabytes((await storageStats(client, new Date())).bytes);
    say(`scenario 8: filled in ${fillSeconds} s; ${describe(mbBefore)}`);

    const rate = round(scenario2.offered, 1);
    const durationMs = Math.max(ctx.settings.steadyMs, 6000);
    const withoutPass = await steadyRun(ctx, account, ns, {
      rate,
      label: "scenario 8 without a pass",
      durationMs,
    });
    let passMs = 0;
    let droppedPartitions = 0;
    const withPass = await steadyRun(ctx, account, ns, {
      rate,
      label: "scenario 8 with a pass",
      durationMs,
      during: async () => {
        await sleep(durationMs / 3);
        const from = nowMs();
        const report = await runRetentionPass(ctx.stack.databaseUrl, { retentionDays: 30, aheadDays: 7 });
        passMs = round(nowMs() - from, 1);
        droppedPartitions = report.dropped.reduce((sum, day) => sum + day.partitions.length, 0);
        if (report.skipped) say(`scenario 8: the pass was skipped (${report.skipped})`);
      },
    });
    const mbAfter = megabytes((await storageStats(client, new Date())).bytes);
    const p99Ratio = round(withPass.apiLatency.p99Ms / Math.max(1, withoutPass.apiLatency.p99Ms), 2);
    say(
      `scenario 8: the pass dropped ${droppedPartitions} partitions in ${passMs} ms; ingest p99 ${withPass.apiLatency.p99Ms} ms ` +
        `with it vs ${withoutPass.apiLatency.p99Ms} ms without (${p99Ratio} ×); ${describe(mbAfter)}`,
    );
    return {
      rows,
      fillSeconds,
      passMs,
      droppedPartitions,
      withoutPass,
      withPass,
      p99Ratio,
      mbBefore,
      mbAfter,
    };
  } finally {
    await client.end();
  }
}

// `count` events spread over `day`, each with one succeeded delivery and two attempts; ids in
// Herald's scheme (UUIDv7 of created_at; a delivery shares its event's time bits).
async function fillDay(client: pg.Client, day: Date, count: number, accountId: string, webhookId: string) {
  const high = new Date(day.getTime() + DAY);
  await client.query(
    `INSERT INTO events (id, account_id, type, payload, request_hash, created_at)
     SELECT (substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-7' || substr(gen_random_uuid()::text, 16))::uuid,
            $1, 'bench.t0', '{"pad":"${"x".repeat(200)}"}', 'h', at
     FROM (SELECT at, lpad(to_hex(floor(extract(epoch FROM at) * 1000)::bigint), 12, '0') AS h
           FROM (SELECT $2::timestamptz + g * ($4::float8 / $3) * interval '1 millisecond' AS at
                 FROM generate_series(0, $3 - 1) g) a) b`,
    [accountId, day, count, DAY],
  );
  const range = [idFloor(day), idFloor(high)];
  await client.query(
    `INSERT INTO deliveries (id, event_id, webhook_id, status, attempt_count, created_at, updated_at, completed_at)
     SELECT (left(id::text, 14) || '7' || substr(gen_random_uuid()::text, 16))::uuid, id, $3, 'succeeded', 2,
            created_at, created_at, created_at
     FROM events WHERE id >= $1 AND id < $2`,
    [...range, webhookId],
  );
  await client.query(
    `INSERT INTO delivery_attempts (id, delivery_id, attempt_number, attempted_at, outcome, status_code, duration_ms, response_snippet)
     SELECT gen_random_uuid(), d.id, n, d.created_at, CASE n WHEN 1 THEN 'http_error' ELSE 'success' END::attempt_outcome,
            CASE n WHEN 1 THEN 500 ELSE 200 END, 20, 'ok'
     FROM deliveries d CROSS JOIN generate_series(1, 2) n WHERE d.id >= $1 AND d.id < $2`,
    range,
  );
}

function megabytes(bytes: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(bytes).map(([table, size]) => [table, round(size / MB, 1)]));
}

function describe(mb: Record<string, number>): string {
  return Object.entries(mb)
    .map(([table, size]) => `${table} ${size} MB`)
    .join(", ");
}
