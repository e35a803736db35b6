// What the bench sends. Herald's delivery body is {"id","type","timestamp","data": <payload>};
// the payload is padded so that body is about 1 KB, the size the B_got/B_http/B_undici
// baselines post, and it carries the scheduled send time ("sent_at") the receiver subtracts
// from the receipt time.
import { randomUUID } from "node:crypto";

export const EVENT_TYPES = Array.from({ length: 100 }, (_, i) => `bench.t${i}`);
export const FANOUT_TYPE = "bench.fanout";
export const BODY_BYTES = 1024;

// Herald's envelope around `data`, which it delivers exactly as the producer sent it.
const ENVELOPE = `{"id":"${randomUUID()}","type":"bench.t00","timestamp":"${new Date().toISOString()}","data":`;
const DATA_WITHOUT_PAD = `{"sent_at":1800000000000.123,"seq":1000000,"pad":""}}`;
const PAD = "x".repeat(BODY_BYTES - ENVELOPE.length - DATA_WITHOUT_PAD.length);

const sentAt = (scheduledAt: number) => Math.round(scheduledAt * 1000) / 1000;

// POST /v1/events body.
export function eventBody(type: string, seq: number, scheduledAt: number): string {
  return `{"type":"${type}","data":{"sent_at":${sentAt(scheduledAt)},"seq":${seq},"pad":"${PAD}"}}`;
}

// A body shaped like the one Herald delivers, for the raw-client baselines.
export function deliveryLikeBody(id: string, scheduledAt: number): string {
  const data = `{"sent_at":${sentAt(scheduledAt)},"seq":1,"pad":"${PAD}"}`;
  return `{"id":"${id}","type":"bench.t0","timestamp":"${new Date(scheduledAt).toISOString()}","data":${data}}`;
}
