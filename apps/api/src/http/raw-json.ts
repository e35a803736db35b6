import { randomUUID } from "node:crypto";
import type { Response } from "express";
import { meta } from "./envelope.js";

// Like sendData, with data[field] set to `raw`, JSON text sent exactly as stored (event data:
// key order and numbers beyond double precision survive, which JSON.parse would not keep).
export function sendDataWithRawField(
  res: Response,
  status: number,
  data: Record<string, unknown>,
  field: string,
  raw: string,
): void {
  const marker = `raw:${randomUUID()}`;
  const text = JSON.stringify({ success: true, data: { ...data, [field]: marker }, meta: meta(res) });
  res
    .status(status)
    .type("application/json")
    .send(text.replace(JSON.stringify(marker), () => raw));
}
