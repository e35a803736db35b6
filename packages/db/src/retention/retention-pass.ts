import pg from "pg";
import { addDays, createDayPartitions, listPartitions, type Partition, utcDay } from "./partitions.js";

// One worker at a time runs maintenance; the others skip their turn.
export const RETENTION_LOCK = 72707370;
// Idempotency keys are expired by DELETE (they are not partitioned), this many rows per statement.
const KEY_BATCH = 5_000;

export interface RetentionOptions {
  retentionDays: number;
  // Days of partitions kept ready beyond today.
  aheadDays: number;
  dryRun?: boolean;
  now?: Date;
  // How long the pass waits for the exclusive lock that dropping a day takes (500 ms: below
  // Postgres's deadlock_timeout).
  lockTimeoutMs?: number;
  // The pause between tries when traffic held a table (1 s).
  lockRetryDelayMs?: number;
}

export interface DayReport {
  // The partitions of the three tables with these bounds.
  partitions: string[];
  end: string;
  rowEstimate: number;
  bytes: number;
}

export interface RetentionReport {
  skipped?: "another worker is running maintenance";
  dryRun: boolean;
  cutoff: string;
  created: string[];
  dropped: DayReport[];
  // Expired, but holding deliveries still pending (retrying): kept until they finish.
  kept: (DayReport & { pending: number })[];
  // Expired, but traffic held its tables through every try: left to the next pass.
  busy: DayReport[];
  idempotencyKeysDeleted: number;
  storage: StorageStats;
}

export interface StorageStats {
  bytes: Record<string, number>;
  // The creation time of the oldest event kept, null when there is none.
  oldestEventAt: string | null;
  // How many whole days from today on have partitions ready.
  daysAhead: number;
}

// A maintenance pass: create the partitions of the next `aheadDays` days, drop every day whose
// rows are all older than `retentionDays` (whole partitions of the three tables at once, never
// a DELETE), and delete expired idempotency keys in small batches. A day holding a pending
// delivery is kept: it is checked under the same lock that drops it, so nothing can become
// pending in between. With `dryRun`, reports what it would do and changes nothing.
export async function runRetentionPass(
  databaseUrl: string,
  options: RetentionOptions,
): Promise<RetentionReport> {
  const now = options.now ?? new Date();
  const dryRun = options.dryRun ?? false;
  const cutoff = addDays(utcDay(now), -options.retentionDays);
  // Bounded, so a pass stuck on an unreachable or wedged Postgres ends (and the next one runs).
  const client = new pg.Client({
    connectionString: databaseUrl,
    application_name: "herald-retention",
    connectionTimeoutMillis: 10_000,
    statement_timeout: 600_000,
  });
  client.on("error", () => {});
  await client.connect();
  try {
    const [lock] = (
      await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1) AS locked", [RETENTION_LOCK])
    ).rows;
    const report: RetentionReport = {
      dryRun,
      cutoff: cutoff.toISOString(),
      created: [],
      dropped: [],
      kept: [],
      busy: [],
      idempotencyKeysDeleted: 0,
      storage: { bytes: {}, oldestEventAt: null, daysAhead: 0 },
    };
    if (!lock?.locked) {
      report.skipped = "another worker is running maintenance";
      report.storage = await storageStats(client, now);
      return report;
    }
    try {
      const lastDay = addDays(utcDay(now), options.aheadDays);
      if (dryRun) report.created = await missingDays(client, utcDay(now), lastDay);
      else report.created = await createDayPartitions(client, utcDay(now), lastDay);

      // Keys expire with their events: not those of a day kept for its pending deliveries.
      let keysCutoff = cutoff;
      for (const day of expiredDays(await listPartitions(client), cutoff)) {
        const result = await dropDayGivingWay(client, day, {
          dryRun,
          lockTimeoutMs: options.lockTimeoutMs ?? 500,
          retryDelayMs: options.lockRetryDelayMs ?? 1_000,
        });
        if (result === "busy") report.busy.push(describe(day));
        else if (result.pending > 0) report.kept.push({ ...describe(day), pending: result.pending });
        else {
          report.dropped.push(describe(day));
          continue;
        }
        // A day kept or left busy keeps its idempotency keys too.
        const start = day[0]!.start ?? new Date(0);
        if (start < keysCutoff) keysCutoff = start;
      }
      report.idempotencyKeysDeleted = await expireKeys(client, keysCutoff, dryRun);
      report.storage = await storageStats(client, now);
      return report;
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [RETENTION_LOCK]).catch(() => {});
    }
  } finally {
    await client.end().catch(() => {});
  }
}

// Partitions grouped by their common upper bound, the groups whose end is at or before cutoff.
function expiredDays(partitions: Partition[], cutoff: Date): Partition[][] {
  const days = new Map<string, Partition[]>();
  for (const partition of partitions) {
    if (partition.end > cutoff) continue;
    days.set(partition.to, [...(days.get(partition.to) ?? []), partition]);
  }
  return [...days.values()];
}

function describe(day: Partition[]): DayReport {
  return {
    partitions: day.map((p) => p.name),
    end: day[0]!.end.toISOString(),
    rowEstimate: day.reduce((sum, p) => sum + p.rowEstimate, 0),
    bytes: day.reduce((sum, p) => sum + p.bytes, 0),
  };
}

// The pass waits for its locks less long than Postgres waits before looking for a deadlock (1 s by
// default), so when traffic needs a table the pass already holds, the pass gives up its locks
// before Postgres would pick a victim, which could be an ingest or a worker's record. It tries
// again a few times, then leaves the day to the next pass.
const LOCK_TRIES = 5;

async function dropDayGivingWay(
  client: pg.Client,
  day: Partition[],
  options: { dryRun: boolean; lockTimeoutMs: number; retryDelayMs: number },
): Promise<{ pending: number } | "busy"> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await dropDay(client, day, options);
    } catch (error) {
      if ((error as { code?: string }).code !== "55P03") throw error;
      if (attempt === LOCK_TRIES) return "busy";
      await new Promise((resolve) => setTimeout(resolve, options.retryDelayMs));
    }
  }
}

async function dropDay(
  client: pg.Client,
  day: Partition[],
  options: { dryRun: boolean; lockTimeoutMs: number },
): Promise<{ pending: number }> {
  const deliveries = day.find((p) => p.table === "deliveries");
  await client.query("BEGIN");
  try {
    await client.query(`SET LOCAL lock_timeout = ${Math.trunc(options.lockTimeoutMs)}`);
    // The parents too: dropping a partition needs them, and taking every lock in this one
    // statement means the pass never waits while holding some of them.
    if (!options.dryRun)
      await client.query("LOCK TABLE delivery_attempts, deliveries, events IN ACCESS EXCLUSIVE MODE");
    const pending = deliveries
      ? Number(
          (
            await client.query<{ n: string }>(
              `SELECT count(*) AS n FROM "${deliveries.name}" WHERE status = 'pending'`,
            )
          ).rows[0]?.n ?? 0,
        )
      : 0;
    if (pending === 0 && !options.dryRun) {
      for (const partition of day) await client.query(`DROP TABLE "${partition.name}"`);
    }
    await client.query("COMMIT");
    return { pending };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  }
}

async function missingDays(client: pg.Client, first: Date, last: Date): Promise<string[]> {
  await client.query("BEGIN");
  try {
    return await createDayPartitions(client, first, last);
  } finally {
    await client.query("ROLLBACK");
  }
}

async function expireKeys(client: pg.Client, cutoff: Date, dryRun: boolean): Promise<number> {
  if (dryRun) {
    const { rows } = await client.query<{ n: string }>(
      "SELECT count(*) AS n FROM idempotency_keys WHERE created_at < $1",
      [cutoff],
    );
    return Number(rows[0]?.n ?? 0);
  }
  let deleted = 0;
  for (;;) {
    const result = await client.query(
      `DELETE FROM idempotency_keys WHERE ctid = ANY(ARRAY(
         SELECT ctid FROM idempotency_keys WHERE created_at < $1 LIMIT ${KEY_BATCH}))`,
      [cutoff],
    );
    deleted += result.rowCount ?? 0;
    if ((result.rowCount ?? 0) < KEY_BATCH) return deleted;
  }
}

export async function storageStats(client: pg.ClientBase, now: Date): Promise<StorageStats> {
  const partitions = await listPartitions(client);
  const bytes: Record<string, number> = {};
  for (const p of partitions) bytes[p.table] = (bytes[p.table] ?? 0) + p.bytes;
  const { rows } = await client.query<{ size: string }>(
    "SELECT pg_total_relation_size('idempotency_keys')::text AS size",
  );
  bytes.idempotency_keys = Number(rows[0]?.size ?? 0);
  const oldest = await client.query<{ created_at: Date | null }>(
    "SELECT created_at FROM events ORDER BY id LIMIT 1",
  );
  let daysAhead = 0;
  for (let day = utcDay(now); ; day = addDays(day, 1)) {
    const ready = partitions.some(
      (p) => p.table === "events" && (p.start === null || p.start <= day) && day < p.end,
    );
    if (!ready) break;
    daysAhead++;
    if (daysAhead > 3650) break;
  }
  return {
    bytes,
    oldestEventAt: oldest.rows[0]?.created_at?.toISOString() ?? null,
    daysAhead: Math.max(0, daysAhead - 1),
  };
}
