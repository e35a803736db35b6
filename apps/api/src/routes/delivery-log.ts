import type { PrismaClient } from "@herald/db";
import { z } from "zod";
import { principalOf } from "../auth/authenticate.js";
import { notFound } from "../http/app-error.js";
import { defineOperation, type Operation } from "../http/operation.js";
import { type Position, page, pageQuery } from "../http/pagination.js";
import { uuidOr404 } from "../http/validate.js";
import { pageMeta, success } from "../openapi/envelope-schemas.js";
import { INLINE_LIMIT } from "./event-log.js";
import { attemptObject, deliveryObject, presentAttempt, presentDelivery } from "./present-delivery.js";

// A delivery with its first attempts inline, and all its attempts page by page. Every lookup is
// by delivery id, the attempts' partition key, so each reads one partition.

async function findDelivery(prisma: PrismaClient, accountId: string, id: string | string[] | undefined) {
  const delivery = await prisma.delivery.findFirst({
    where: { id: uuidOr404(id, "Delivery"), webhook: { accountId } },
  });
  if (!delivery) throw notFound("Delivery");
  return delivery;
}

// Oldest first, by (attempted_at, id).
async function attemptsOf(prisma: PrismaClient, deliveryId: string, limit: number, cursor?: Position) {
  const rows = await prisma.deliveryAttempt.findMany({
    where: {
      deliveryId,
      ...(cursor
        ? {
            OR: [
              { attemptedAt: { gt: cursor.createdAt } },
              { attemptedAt: cursor.createdAt, id: { gt: cursor.id } },
            ],
          }
        : {}),
    },
    orderBy: [{ attemptedAt: "asc" }, { id: "asc" }],
    take: limit + 1,
  });
  return page(
    rows.map((row) => ({ ...row, createdAt: row.attemptedAt })),
    limit,
  );
}

export const deliveryLogOperations: Operation[] = [
  defineOperation({
    method: "get",
    path: "/deliveries/{id}",
    operationId: "getDelivery",
    summary: `Get a delivery with its first ${INLINE_LIMIT} attempts`,
    scope: "deliveries:read",
    status: 200,
    response: success(
      deliveryObject.extend({
        event_type: z.string().nullable(),
        attempts: z.array(attemptObject).max(INLINE_LIMIT),
        attempts_next_cursor: z
          .string()
          .nullable()
          .meta({ description: "More attempts: GET /v1/deliveries/{id}/attempts?cursor=..." }),
      }),
    ),
    async handler({ req, res }, { db: { prisma } }) {
      const delivery = await findDelivery(prisma, principalOf(res).accountId, req.params.id);
      const [event, attempts] = await Promise.all([
        prisma.event.findUnique({ where: { id: delivery.eventId }, select: { type: true } }),
        attemptsOf(prisma, delivery.id, INLINE_LIMIT),
      ]);
      return {
        data: {
          ...presentDelivery(delivery),
          event_type: event?.type ?? null,
          attempts: attempts.items.map(presentAttempt),
          attempts_next_cursor: attempts.meta.next_cursor,
        },
      };
    },
  }),
  defineOperation({
    method: "get",
    path: "/deliveries/{id}/attempts",
    operationId: "listDeliveryAttempts",
    summary: "A delivery's attempts, oldest first",
    scope: "deliveries:read",
    query: pageQuery,
    status: 200,
    response: success(z.array(attemptObject), pageMeta),
    async handler({ req, res, query }, { db: { prisma } }) {
      const delivery = await findDelivery(prisma, principalOf(res).accountId, req.params.id);
      const { items, meta } = await attemptsOf(prisma, delivery.id, query.limit, query.cursor);
      return { data: items.map(presentAttempt), meta };
    },
  }),
];
