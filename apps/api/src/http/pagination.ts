import { z } from "zod";

// Keyset pagination, newest first, by (created_at, id). The cursor is opaque to clients.
export const pageQuery = z.strictObject({
  limit: z.coerce
    .number({ message: "must be a number from 1 to 100" })
    .int("must be a whole number")
    .min(1, "must be at least 1")
    .max(100, "must be at most 100")
    .default(20)
    .meta({ description: "Page size, 1-100" }),
  cursor: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined) return undefined;
      const position = decodeCursor(value);
      if (!position) {
        ctx.addIssue({ code: "custom", message: "is not a cursor this API returned" });
        return z.NEVER;
      }
      return position;
    })
    .meta({ description: "meta.next_cursor of the previous page" }),
});

export interface Position {
  createdAt: Date;
  id: string;
}

export function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify([position.createdAt.toISOString(), position.id])).toString("base64url");
}

function decodeCursor(value: string): Position | undefined {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(value, "base64url").toString("utf8")) as unknown[];
    if (typeof createdAt !== "string" || typeof id !== "string" || !z.uuid().safeParse(id).success)
      return undefined;
    const date = new Date(createdAt);
    return Number.isNaN(date.getTime()) ? undefined : { createdAt: date, id };
  } catch {
    return undefined;
  }
}

// Prisma `where` for rows after the cursor in (created_at desc, id desc) order.
export function after(position: Position | undefined) {
  if (!position) return {};
  return {
    OR: [
      { createdAt: { lt: position.createdAt } },
      { createdAt: position.createdAt, id: { lt: position.id } },
    ],
  };
}

export const newestFirst = [{ createdAt: "desc" as const }, { id: "desc" as const }];

// Callers fetch limit + 1 rows; the extra one only says whether another page exists.
export function page<T extends Position>(rows: T[], limit: number) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items,
    meta: {
      limit,
      has_more: rows.length > limit,
      next_cursor: rows.length > limit && last ? encodeCursor(last) : null,
    },
  };
}

// The same cursors for lists read oldest first (a delivery's attempts, an event's deliveries).
export function afterAscending(position: Position | undefined) {
  if (!position) return {};
  return {
    OR: [
      { createdAt: { gt: position.createdAt } },
      { createdAt: position.createdAt, id: { gt: position.id } },
    ],
  };
}

export const oldestFirst = [{ createdAt: "asc" as const }, { id: "asc" as const }];
