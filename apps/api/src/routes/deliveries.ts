import { z } from "zod";
import { principalOf } from "../auth/authenticate.js";
import { AppError, notFound } from "../http/app-error.js";
import { defineOperation, type Operation } from "../http/operation.js";
import { after, newestFirst, page, pageQuery } from "../http/pagination.js";
import { uuidOr404 } from "../http/validate.js";
import { pageMeta, success } from "../openapi/envelope-schemas.js";
import { deliveryObject, presentDelivery } from "./present-delivery.js";
import { findWebhook } from "./webhooks.js";

const listTime = z.iso
  .datetime({ offset: true, message: "must be an ISO-8601 time, e.g. 2026-01-01T00:00:00Z" })
  .transform((value) => new Date(value))
  .optional();

const deliveryListQuery = pageQuery.extend({
  status: z
    .enum(["pending", "succeeded", "failed"], { message: 'must be "pending", "succeeded" or "failed"' })
    .optional()
    .meta({ description: "Only deliveries in this state" }),
  // Deliveries created in [since, until).
  since: listTime.meta({ description: "Deliveries created at or after" }),
  until: listTime.meta({ description: "Deliveries created before" }),
});

export const listWebhookDeliveries: Operation = defineOperation({
  method: "get",
  path: "/webhooks/{id}/deliveries",
  operationId: "listWebhookDeliveries",
  summary: "List a webhook's deliveries",
  scope: "deliveries:read",
  query: deliveryListQuery,
  status: 200,
  response: success(z.array(deliveryObject), pageMeta),
  async handler({ req, res, query }, { db: { prisma } }) {
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
    return { data: items.map(presentDelivery), meta };
  },
});

export const retryDelivery: Operation = defineOperation({
  method: "post",
  path: "/deliveries/{id}/retry",
  operationId: "retryDelivery",
  errors: ["CONFLICT"],
  summary: "Deliver again now, whatever the state (after an attempt in flight, if any)",
  scope: "deliveries:write",
  status: 202,
  response: success(deliveryObject),
  async handler({ req, res }, { db: { prisma }, enqueuer }) {
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
    return { data: presentDelivery(delivery) };
  },
});
