import { type Database, idFloor, sql } from "@herald/db";
import { z } from "zod";
import { pageQuery } from "../http/pagination.js";

const MAX_TYPES = 20;
const LOWEST_ID = "00000000-0000-0000-0000-000000000000";
const PAST_HIGHEST_ID = "ffffffff-ffff-ffff-ffff-ffffffffffff";

const time = (what: string) =>
  z.iso
    .datetime({ offset: true, message: `must be an ISO-8601 time (${what}), e.g. 2026-01-01T00:00:00Z` })
    .transform((value) => new Date(value))
    .optional();

// GET /v1/events?type=a&type=b,c&since=...&until=...&limit=...&cursor=...
export const eventLogQuery = pageQuery
  .extend({
    type: z
      .union([z.string(), z.array(z.string())], {
        message: "must be event types, repeated or comma-separated",
      })
      .optional()
      .transform((value, ctx) => {
        if (value === undefined) return undefined;
        const types = [value]
          .flat()
          .flatMap((item) => item.split(","))
          .map((item) => item.trim())
          .filter((item) => item.length > 0);
        if (types.length === 0 || types.length > MAX_TYPES || types.some((type) => type.length > 200)) {
          ctx.addIssue({ code: "custom", message: `must name 1 to ${MAX_TYPES} event types` });
          return z.NEVER;
        }
        return [...new Set(types)];
      })
      .meta({ description: "Only these event types (repeat the parameter or separate with commas)" }),
    since: time("inclusive").meta({ description: "Events created at or after" }),
    until: time("exclusive").meta({ description: "Events created before" }),
  })
  .refine((query) => !query.since || !query.until || query.since < query.until, {
    path: ["until"],
    message: "must be after since",
  });

export type EventLogQuery = z.output<typeof eventLogQuery>;

export interface EventLogRow {
  id: string;
  type: string;
  created_at: Date;
  idempotency_key: string | null;
  pending: number;
  succeeded: number;
  failed: number;
}

// An account's events, newest first, with delivery counts. Event ids sort by creation time
// (UUIDv7), so `since`, `until` and the cursor are all id bounds: Postgres reads only the
// partitions of that time range, and each event's deliveries only in its own partition.
export async function readEventLog(
  db: Database,
  accountId: string,
  query: EventLogQuery,
): Promise<EventLogRow[]> {
  const low = query.since ? idFloor(query.since) : LOWEST_ID;
  let high = query.until ? idFloor(query.until) : PAST_HIGHEST_ID;
  if (query.cursor && query.cursor.id < high) high = query.cursor.id;
  return db.query<EventLogRow>(sql`
    SELECT e.id, e.type, e.created_at, e.idempotency_key,
           c.pending, c.succeeded, c.failed
    FROM events e
    CROSS JOIN LATERAL (
      SELECT count(*) FILTER (WHERE d.status = 'pending')::int AS pending,
             count(*) FILTER (WHERE d.status = 'succeeded')::int AS succeeded,
             count(*) FILTER (WHERE d.status = 'failed')::int AS failed
      FROM deliveries d
      WHERE d.event_id = e.id
        AND d.id >= (left(e.id::text, 13) || '-0000-0000-000000000000')::uuid
        AND d.id <= (left(e.id::text, 13) || '-ffff-ffff-ffffffffffff')::uuid
    ) c
    WHERE e.account_id = ${accountId}::uuid
      AND (${query.type ?? null}::text[] IS NULL OR e.type = ANY(${query.type ?? null}::text[]))
      AND e.id >= ${low}::uuid AND e.id < ${high}::uuid
    ORDER BY e.id DESC
    LIMIT ${query.limit + 1}::int`);
}
