import { z } from "zod";

// The seed envelope, as schemas for the OpenAPI document.
export const meta = z.object({ timestamp: z.iso.datetime(), request_id: z.string().regex(/^[0-9a-f]{32}$/) });
export const pageMeta = meta.extend({
  limit: z.number().int(),
  has_more: z.boolean(),
  next_cursor: z.string().nullable(),
});
export const success = (data: z.ZodType, metaSchema: z.ZodType = meta) =>
  z.object({ success: z.literal(true), data, meta: metaSchema });
export const failure = z.object({
  success: z.literal(false),
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.record(z.string(), z.string()).optional(),
  }),
  meta,
});
