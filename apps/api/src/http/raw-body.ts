import type { IncomingMessage } from "node:http";
import type { Request } from "express";

const RAW_BODY = Symbol("rawBody");

// express.json's `verify` hook: keeps the body's bytes next to the parsed value, so event data
// can be stored exactly as sent (see events/raw-json-member.ts).
export function keepRawBody(req: IncomingMessage, _res: unknown, body: Buffer, encoding: string): void {
  if (/^utf-?8$/i.test(encoding)) (req as IncomingMessage & { [RAW_BODY]?: Buffer })[RAW_BODY] = body;
}

// The request body as UTF-8 text, when it was JSON in UTF-8.
export function rawBodyText(req: Request): string | undefined {
  return (req as Request & { [RAW_BODY]?: Buffer })[RAW_BODY]?.toString("utf8");
}
