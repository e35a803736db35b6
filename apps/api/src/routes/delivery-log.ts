import type { PrismaClient } from "@herald/db";
import { Router } from "express";
import { principalOf, requireScope } from "../auth/authenticate.js";
import { notFound } from "../http/app-error.js";
import { sendData } from "../http/envelope.js";
import { type Position, page, pageQuery } from "../http/pagination.js";
import { parseOrThrow, uuidOr404 } from "../http/validate.js";
import { INLINE_LIMIT } from "./event-log.js";
import { presentAttempt, presentDelivery } from "./present-delivery.js";

// A delivery with its first attempts inline, and all its attempts page by page. Every lookup is
// by delivery id, the attempts' partition key, so each reads one partition.
export function deliveryLogRoutes({ prisma }: { prisma: PrismaClient }): Router {
  const router = Router();

  const findDelivery = async (accountId: string, id: string | string[] | undefined) => {
    const delivery = await prisma.delivery.findFirst({
      where: { id: uuidOr404(id, "Delivery"), webhook: { accountId } },
    });
    if (!delivery) throw notFound("Delivery");
    return delivery;
  };

  // Oldest first, by (attempted_at, id).
  const attemptsOf = async (deliveryId: string, limit: number, cursor?: Position) => {
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
  };

  router.get("/deliveries/:id", requireScope("deliveries:read"), async (req, res) => {
    const delivery = await findDelivery(principalOf(res).accountId, req.params.id);
    const [event, attempts] = await Promise.all([
      prisma.event.findUnique({ where: { id: delivery.eventId }, select: { type: true } }),
      attemptsOf(delivery.id, INLINE_LIMIT),
    ]);
    sendData(res, 200, {
      ...presentDelivery(delivery),
      event_type: event?.type ?? null,
      attempts: attempts.items.map(presentAttempt),
      attempts_next_cursor: attempts.meta.next_cursor,
    });
  });

  router.get("/deliveries/:id/attempts", requireScope("deliveries:read"), async (req, res) => {
    const query = parseOrThrow(pageQuery, req.query);
    const delivery = await findDelivery(principalOf(res).accountId, req.params.id);
    const { items, meta } = await attemptsOf(delivery.id, query.limit, query.cursor);
    sendData(res, 200, items.map(presentAttempt), meta);
  });

  return router;
}
