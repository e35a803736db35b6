import { z } from "zod";
import { principalOf } from "../auth/authenticate.js";
import { AppError } from "../http/app-error.js";
import { defineOperation, type Operation } from "../http/operation.js";
import { success } from "../openapi/envelope-schemas.js";
import { recoverWindow } from "../webhooks/recover-window.js";
import { findWebhook } from "./webhooks.js";

const time = z.iso.datetime({ offset: true, message: "must be an ISO-8601 time, e.g. 2026-01-01T00:00:00Z" });

const recoverBody = z
  .strictObject({
    since: time.meta({ description: "Events created at or after this time" }),
    until: time.optional().meta({ description: "Events created before this time (default: now)" }),
    dry_run: z
      .boolean({ message: "must be true or false" })
      .optional()
      .meta({ description: "Only count what would be re-sent" }),
  })
  .refine((body) => body.until === undefined || new Date(body.since) < new Date(body.until), {
    path: ["until"],
    message: "must be after since",
  });

const recoverResult = z.object({
  webhook_id: z.uuid(),
  since: z.iso.datetime(),
  until: z.iso.datetime(),
  dry_run: z.boolean(),
  recovered: z.number().int().meta({ description: "failed_deliveries + skipped_events" }),
  failed_deliveries: z.number().int(),
  skipped_events: z.number().int(),
});

// Re-sends, for events created in [since, until), the webhook's failed deliveries and the events
// it subscribes to that it never got (ingested while it was disabled). With dry_run, only counts.
export const recoverOperation: Operation = defineOperation({
  method: "post",
  path: "/webhooks/{id}/recover",
  operationId: "recoverWebhook",
  errors: ["CONFLICT"],
  summary:
    "Re-send, for events created in [since, until), the failed deliveries and the events skipped while the webhook was disabled (202); with dry_run only count them (200)",
  scope: "webhooks:write",
  body: recoverBody,
  status: 202,
  alsoStatus: [200],
  response: success(recoverResult),
  async handler({ req, res, body: input }, { db: { prisma }, enqueuer }) {
    const webhook = await findWebhook(prisma, principalOf(res).accountId, req.params.id);
    if (webhook.status !== "active")
      throw new AppError("CONFLICT", "The webhook is disabled; enable it first");
    const since = new Date(input.since);
    const until = input.until ? new Date(input.until) : new Date();
    const dryRun = input.dry_run ?? false;
    const counts = await recoverWindow(prisma, webhook, { since, until, dryRun }, (ids) =>
      enqueuer.enqueue(ids.map((id) => ({ id, webhookId: webhook.id }))),
    );
    return {
      status: dryRun ? 200 : 202,
      data: {
        webhook_id: webhook.id,
        since: since.toISOString(),
        until: until.toISOString(),
        dry_run: dryRun,
        recovered: counts.failed + counts.skipped,
        failed_deliveries: counts.failed,
        skipped_events: counts.skipped,
      },
    };
  },
});
