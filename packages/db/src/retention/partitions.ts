import type pg from "pg";
import { idFloor, timeOfId } from "../time-ids.js";

// The three time-partitioned tables, in the order a day is dropped (children before parents,
// though no foreign key ties them: a day's rows only reference the same day).
export const PARTITIONED_TABLES = ["delivery_attempts", "deliveries", "events"] as const;
export type PartitionedTable = (typeof PARTITIONED_TABLES)[number];

const DAY_MS = 86_400_000;

export interface Partition {
  table: PartitionedTable;
  name: string;
  // Bounds as ids; `from` is null for MINVALUE (the legacy partition of an upgraded database).
  from: string | null;
  to: string;
  // The time range the bounds stand for.
  start: Date | null;
  end: Date;
  bytes: number;
  // Postgres's estimate (pg_class.reltuples, -1 → 0 before the first ANALYZE).
  rowEstimate: number;
}

// Every partition of the three tables, oldest first.
export async function listPartitions(client: pg.ClientBase): Promise<Partition[]> {
  const { rows } = await client.query<{
    parent: PartitionedTable;
    name: string;
    bound: string;
    bytes: string;
    rows: number;
  }>(
    `SELECT p.relname AS parent, c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound,
            pg_total_relation_size(c.oid)::text AS bytes, greatest(c.reltuples, 0)::float8 AS rows
     FROM pg_inherits i
     JOIN pg_class c ON c.oid = i.inhrelid
     JOIN pg_class p ON p.oid = i.inhparent
     JOIN pg_namespace n ON n.oid = p.relnamespace
     WHERE n.nspname = current_schema() AND p.relname = ANY($1::text[])`,
    [PARTITIONED_TABLES],
  );
  const partitions = rows.map((row) => {
    const match = /FROM \((?:'([0-9a-f-]{36})'|MINVALUE)\) TO \('([0-9a-f-]{36})'\)/.exec(row.bound);
    if (!match?.[2]) throw new Error(`unexpected partition bound of ${row.name}: ${row.bound}`);
    const from = match[1] ?? null;
    return {
      table: row.parent,
      name: row.name,
      from,
      to: match[2],
      start: from === null ? null : timeOfId(from),
      end: timeOfId(match[2]),
      bytes: Number(row.bytes),
      rowEstimate: Math.round(row.rows),
    };
  });
  return partitions.sort((a, b) => (a.to < b.to ? -1 : a.to > b.to ? 1 : a.table < b.table ? -1 : 1));
}

export function utcDay(at: Date): Date {
  return new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS);
}

export function addDays(day: Date, days: number): Date {
  return new Date(day.getTime() + days * DAY_MS);
}

export function dayName(table: string, day: Date): string {
  return `${table}_p${day.toISOString().slice(0, 10).replaceAll("-", "")}`;
}

// Creates a daily partition of each table for every UTC day in [first, last] that no existing
// partition covers yet. Answers the names it created.
export async function createDayPartitions(client: pg.ClientBase, first: Date, last: Date): Promise<string[]> {
  const existing = await listPartitions(client);
  const created: string[] = [];
  for (let day = utcDay(first); day <= last; day = addDays(day, 1)) {
    const from = idFloor(day);
    const to = idFloor(addDays(day, 1));
    for (const table of PARTITIONED_TABLES) {
      const covered = existing.some(
        (p) => p.table === table && (p.from === null || p.from <= from) && from < p.to,
      );
      if (covered) continue;
      const name = dayName(table, day);
      await client.query(
        `CREATE TABLE "${name}" PARTITION OF "${table}" FOR VALUES FROM ('${from}') TO ('${to}')`,
      );
      created.push(name);
    }
  }
  return created;
}
