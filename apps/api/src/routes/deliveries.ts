import { randomUUID } from "node:crypto";
import { type PrismaClient, uuidv7, uuidv7Like, type Webhook } from "@herald/db";
import {
  attemptDelivery,
  capsOf,
  type DeliveryContext,
  destinationOf,
  type EndpointSlots,
} from "@herald/delivery";
import { type Response, Router } from "express";
import { z } from "zod";
import { principalOf, requireScope } from "../auth/authenticate.js";
import { TEST_EVENT_TYPE } from "../events/event-catalog.js";
import { hashRequest } from "../events/request-hash.js";
import { AppError, notFound } from "../http/app-error.js";
import { sendData } from "../http/envelope.js";
import { after, newestFirst, page, pageQuery } from "../http/pagination.js";
import { emptyBody, jsonBody, parseOrThrow, uuidOr404 } from "../http/validate.js";
import type { Enqueuer } from "../queueing.js";
import { presentDelivery } from "./present-delivery.js";
import { findWebhook } from "./webhooks.js";

export interface DeliveryRouteDeps {
  prisma: PrismaClient;
  enqueuer: Enqueuer;
  delivery: DeliveryContext;
  slots: EndpointSlots;
  config: { DELIVERY_TIMEOUT_MS: number };
}

const CAP_SETTING = {
  webhook: "ENDPOINT_MAX_IN_FLIGHT",
  destination: "DESTINATION_MAX_IN_FLIGHT",
  account: "ACCOUNT_MAX_IN_FLIGHT",
} as const;

const listTime = z.iso
  .datetime({ offset: true, message: "must be an ISO-8601 time, e.g. 2026-01-01T00:00:00Z" })
  .transform((value) => new Date(value))
  .optional();

export const deliveryListQuery = pageQuery.extend({
  status: z
    .enum(["pending", "succeeded", "failed"], { message: 'must be "pending", "succeeded" or "failed"' })
    .optional(),
  // Deliveries created in [since, until).
  since: listTime,
  until: listTime,
});

export function deliveryRoutes({
  prisma,
  enqueuer,
  delivery: context,
  slots,
  config,
}: DeliveryRouteDeps): Router {
  const router = Router();

  router.get("/webhooks/:id/deliveries", requireScope("deliveries:read"), async (req, res) => {
    const query = parseOrThrow(deliveryListQuery, req.query);
    const webhook = await findWebhook(prisma, principalOf(res).accountId, req.params.id);
    const rows = await prisma.delivery.findMany({
      where: {
        webhookId: webhook.id,
        ...(query.status ? { status: query.status } : {}),
        ...(query.since || query.until
          ? {
              createdAt: {
                ...(query.since && { gte: query.since }),
                ...(query.until && { lt: query.until }),
              },
            }
          : {}),
        ...after(query.cursor),
      },
      orderBy: newestFirst,
      take: query.limit + 1,
    });
    const { items, meta } = page(rows, query.limit);
    sendData(res, 200, items.map(presentDelivery), meta);
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
    // An attempt in flight right now (maybe the last one) sees retry_requests changed when it
    // records its outcome, leaves the delivery pending and its job attempts again (recordAttempt).
    const delivery = await prisma.delivery.update({
      where: { id: found.id },
      data: {
        status: "pending",
        nextAttemptAt: new Date(),
        completedAt: null,
        retryRequests: { increment: 1 },
      },
    });
    await enqueuer.runNow({ id: delivery.id, webhookId: delivery.webhookId });
    sendData(res, 202, presentDelivery(delivery));
  });

  // A signed webhook.test event through the same path as real deliveries, answered with the
  // attempt's outcome. Test deliveries never count toward auto-disable and are not retried.
  router.post("/webhooks/:id/test", requireScope("webhooks:write"), async (req, res) => {
    parseOrThrow(emptyBody, jsonBody(req));
    const webhook = await findWebhook(prisma, principalOf(res).accountId, req.params.id);
    if (webhook.status !== "active")
      throw new AppError("CONFLICT", "The webhook is disabled; enable it first");
    const caps = capsOf({
      webhookId: webhook.id,
      accountId: webhook.accountId,
      destination: destinationOf(webhook.url),
      maxInFlight: webhook.maxInFlight,
    });
    const holder = `test:${randomUUID()}`;
    const admission = await slots.acquire(caps, holder).catch(() => {
      throw new AppError(
        "SERVICE_UNAVAILABLE",
        "The in-flight caps cannot be checked while Redis is unavailable; nothing was sent. Retry later.",
      );
    });
    if (!admission.admitted) {
      const setting = CAP_SETTING[admission.cap.kind];
      res.set("Retry-After", "1");
      throw new AppError(
        "RATE_LIMITED",
        `Too many deliveries in flight to this ${admission.cap.kind} (${setting} = ${admission.limit}); nothing was sent. Retry later.`,
        { [admission.cap.kind]: `at most ${admission.limit} in flight (${setting})` },
      );
    }
    try {
      await sendTest(webhook, res);
    } finally {
      const woken = await slots.release(caps, holder).catch(() => [] as string[]);
      for (const id of woken) void enqueuer.wake(id);
    }
  });

  const sendTest = async (webhook: Webhook, res: Response) => {
    const data = { webhook_id: webhook.id, message: "This is a test event from Herald" };
    // Ids in the scheme every event and delivery uses (see @herald/db time-ids).
    const createdAt = new Date();
    const eventId = uuidv7(createdAt);
    const deliveryId = uuidv7Like(eventId);
    await prisma.$transaction([
      prisma.event.create({
        data: {
          id: eventId,
          createdAt,
          accountId: webhook.accountId,
          type: TEST_EVENT_TYPE,
          payload: JSON.stringify(data),
          requestHash: await hashRequest(TEST_EVENT_TYPE, data),
        },
      }),
      prisma.delivery.create({
        data: {
          id: deliveryId,
          eventId,
          webhookId: webhook.id,
          isTest: true,
          // Sent right here, never by a worker. Should this process die before recording the
          // outcome, the sweeper fails it once this time is well past.
          nextAttemptAt: new Date(Date.now() + config.DELIVERY_TIMEOUT_MS),
          createdAt,
        },
      }),
    ]);
    const report = await attemptDelivery(context, deliveryId, { maxAttempts: 1 });
    if (report.kind !== "attempted")
      throw new AppError(
        "CONFLICT",
        `Test not sent: ${report.kind === "skipped" ? report.reason : "deferred"}`,
      );
    const { result } = report;
    sendData(res, 200, {
      delivery_id: deliveryId,
      event_id: eventId,
      success: result.outcome === "success",
      outcome: result.outcome,
      status_code: result.statusCode,
      duration_ms: result.durationMs,
      error: result.error,
      response_body: result.responseSnippet,
    });
  };

  return router;
}
