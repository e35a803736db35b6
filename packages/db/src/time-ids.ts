import { randomBytes, randomFillSync } from "node:crypto";

// Ids whose leading 48 bits are a time in milliseconds (UUIDv7, RFC 9562). Events, deliveries
// and attempts are range-partitioned by these ids (docs/database.md § Partitions):
// - an event's id carries its created_at, to the millisecond;
// - a delivery's id is its event's id but for the last 12 hex digits, so it lives in its event's
//   partition and deliveries sort as their events do (ordered webhooks go by delivery id).

// Random bytes drawn 4 KB at a time, as randomUUID does: a call into OpenSSL per id cost more than
// the rest of uuidv7.
const pool = Buffer.alloc(4096);
let used = pool.length;

export function uuidv7(at: Date): string {
  if (used === pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  const bytes = Buffer.from(pool.subarray(used, used + 16));
  used += 16;
  bytes.writeUIntBE(at.getTime(), 0, 6);
  bytes[6] = 0x70 | (bytes[6]! & 0x0f);
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  return format(bytes.toString("hex"));
}

// A delivery id for an event id: the event's id with fresh last 12 hex digits (as the ingest
// statements make them in SQL).
export function uuidv7Like(id: string): string {
  return `${id.slice(0, 24)}${randomBytes(6).toString("hex")}`;
}

// The lowest id of the millisecond `at` falls in: ids >= idFloor(t) were made at t or later.
export function idFloor(at: Date): string {
  return format(`${Math.max(0, Math.floor(at.getTime())).toString(16).padStart(12, "0")}${"0".repeat(20)}`);
}

// The lowest and highest ids in `id`'s millisecond: an event's deliveries are all in between,
// so a lookup bounded by these prunes to the event's partition.
export function sameMillisecond(id: string): [string, string] {
  const prefix = id.slice(0, 13);
  return [`${prefix}-0000-0000-000000000000`, `${prefix}-ffff-ffff-ffffffffffff`];
}

// The time an id carries (meaningful for the ids above).
export function timeOfId(id: string): Date {
  return new Date(Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16));
}

function format(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
