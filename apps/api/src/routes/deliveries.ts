import { randomUUID } from "node:crypto";
import type { PrismaClient } from "@herald/db";
import { attemptDelivery, type DeliveryContext } from "@herald/delivery";
import { Router } from "express";
import { z } from "zod";
import { principalOf, requireScope } from "../auth/authenticate.js";
import { TEST_EVENT_TYPE } from "../events/event-catalog.js";
import { hashRequest } from "../events/ingest-event.js";
import { AppError, notFound } from "../http/app-error.js";
import { sendData } from "../http/envelope.js";
import { after, newestFirst, page, pageQuery } from "../http/pagination.js";
import { emptyBody, jsonBody, parseOrThrow, uuidOr404 } from "../http/validate.js";
import type { Enqueuer } from "../queueing.js";
import { presentAttempt, presentDelivery } from "./present-delivery.js";
import { findWebhook } from "./webhooks.js";

export interface DeliveryRouteDeps {
  prisma: PrismaClient;
  enqueuer: Enqueuer;
  delivery: DeliveryContext;
}

const listQuery = pageQuery.extend({
  status: z
    .enum(["pending", "succeeded", "failed"], { message: 'must be "pending", "succeeded" or "failed"' })
    .optional(),
});

const recoverBody = z.strictObject({
  since: z.iso.datetime({ offset: true, message: "required: an ISO-8601 time, e.g. 2026-01-01T00:00:00Z" }),
});

export function deliveryRoutes({ prisma, enqueuer, delivery: context }: DeliveryRouteDeps): Router {
  const router = Router();

  router.get("/webhooks/:id/deliveries", requireScope("deliveries:read"), async (req, res) => {
    const query = parseOrThrow(listQuery, req.query);
    const webhook = await findWebhook(prisma, principalOf(res).accountId, req.params.id);
    const rows = await prisma.delivery.findMany({
      where: {
        webhookId: webhook.id,
        ...(query.status ? { status: query.status } : {}),
        ...after(query.cursor),
      },
      orderBy: newestFirst,
      take: query.limit + 1,
    });
    const { items, meta } = page(rows, query.limit);
    sendData(res, 200, items.map(presentDelivery), meta);
  });

  router.get("/deliveries/:id", requireScope("deliveries:read"), async (req, res) => {
    const delivery = await prisma.delivery.findFirst({
      where: { id: uuidOr404(req.params.id, "Delivery"), webhook: { accountId: principalOf(res).accountId } },
      include: { attempts: { orderBy: { attemptNumber: "asc" } }, event: { select: { type: true } } },
    });
    if (!delivery) throw notFound("Delivery");
    sendData(res, 200, {
      ...presentDelivery(delivery),
      event_type: delivery.event.type,
      attempts: delivery.attempts.map(presentAttempt),
    });
  });

  // Delivers again now, whatever the delivery's state.
  router.post("/deliveries/:id/retry", requireScope("deliveries:write"), async (req, res) => {
    parseOrThrow(emptyBody, jsonBody(req));
    const found = await prisma.delivery.findFirst({
      where: { id: uuidOr404(req.params.id, "Delivery"), webhook: { accountId: principalOf(res).accountId } },
      include: { webhook: { select: { status: true, deletedAt: true } } },
    });
    if (!found) throw notFound("Delivery");
    if (found.webhook.deletedAt) throw new AppError("CONFLICT", "The webhook of this delivery was deleted");
    if (found.webhook.status !== "active")
      throw new AppError("CONFLICT", "The webhook is disabled; enable it first");
    const delivery = await prisma.delivery.update({
      where: { id: found.id },
      data: { status: "pending", nextAttemptAt: new Date(), completedAt: null },
    });
    await enqueuer.runNow({ id: delivery.id, webhookId: delivery.webhookId });
    sendData(res, 202, presentDelivery(delivery));
  });

  // Re-queues the deliveries that failed since `since` (after the webhook is enabled again).
  router.post("/webhooks/:id/recover", requireScope("webhooks:write"), async (req, res) => {
    const input = parseOrThrow(recoverBody, jsonBody(req));
    const webhook = await findWebhook(prisma, principalOf(res).accountId, req.params.id);
    if (webhook.status !== "active")
      throw new AppError("CONFLICT", "The webhook is disabled; enable it first");
    const rows = await prisma.$queryRaw<{ id: string }[]>`
      UPDATE deliveries SET status = 'pending', next_attempt_at = now(), completed_at = NULL, updated_at = now()
      WHERE webhook_id = ${webhook.id}::uuid AND status = 'failed' AND NOT is_test
        AND completed_at >= ${new Date(input.since)}::timestamptz
      RETURNING id`;
    await enqueuer.enqueue(rows.map((row) => ({ id: row.id, webhookId: webhook.id })));
    sendData(res, 202, {
      webhook_id: webhook.id,
      recovered: rows.length,
      since: new Date(input.since).toISOString(),
    });
  });

  // A signed webhook.test event through the same path as real deliveries, answered with the
  // attempt's outcome. Test deliveries never count toward auto-disable and are not retried.
  router.post("/webhooks/:id/test", requireScope("webhooks:write"), async (req, res) => {
    parseOrThrow(emptyBody, jsonBody(req));
    const webhook = await findWebhook(prisma, principalOf(res).accountId, req.params.id);
    if (webhook.status !== "active")
      throw new AppError("CONFLICT", "The webhook is disabled; enable it first");
    const data = { webhook_id: webhook.id, message: "This is a test event from Herald" };
    const event = await prisma.event.create({
      data: {
        id: randomUUID(),
        accountId: webhook.accountId,
        type: TEST_EVENT_TYPE,
        payload: data,
        requestHash: hashRequest(TEST_EVENT_TYPE, data),
        // No next attempt time: the sweeper never picks up a test, which is sent right here.
        deliveries: { create: { webhookId: webhook.id, isTest: true, nextAttemptAt: null } },
      },
      include: { deliveries: { select: { id: true } } },
    });
    const deliveryId = event.deliveries[0]!.id;
    const report = await attemptDelivery(context, deliveryId, { attemptsMade: 0, maxAttempts: 1 });
    if (report.kind === "skipped") throw new AppError("CONFLICT", `Test not sent: ${report.reason}`);
    const { result } = report;
    sendData(res, 200, {
      delivery_id: deliveryId,
      event_id: event.id,
      success: result.outcome === "success",
      outcome: result.outcome,
      status_code: result.statusCode,
      duration_ms: result.durationMs,
      error: result.error,
      response_body: result.responseSnippet,
    });
  });

  return router;
}
