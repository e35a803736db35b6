import { type Database, sameMillisecond } from "@herald/db";
import { Router } from "express";
import { z } from "zod";
import { principalOf, requireScope } from "../auth/authenticate.js";
import { eventLogQuery, readEventLog } from "../events/event-log-query.js";
import { notFound } from "../http/app-error.js";
import { sendData } from "../http/envelope.js";
import { afterAscending, oldestFirst, page, pageQuery } from "../http/pagination.js";
import { sendDataWithRawField } from "../http/raw-json.js";
import { parseOrThrow, uuidOr404 } from "../http/validate.js";
import { presentDelivery } from "./present-delivery.js";

export const eventLogItem = z.object({
  id: z.uuid(),
  type: z.string(),
  created_at: z.iso.datetime(),
  idempotency_key: z.string().nullable(),
  deliveries: z.object({
    total: z.number().int(),
    pending: z.number().int(),
    succeeded: z.number().int(),
    failed: z.number().int(),
  }),
});

// At most this many deliveries inline in GET /v1/events/{id}; the rest through the cursor.
export const INLINE_LIMIT = 100;

export function eventLogRoutes({ db }: { db: Database }): Router {
  const { prisma } = db;
  const router = Router();

  router.get("/events", requireScope("events:read"), async (req, res) => {
    const query = parseOrThrow(eventLogQuery, req.query);
    const rows = await readEventLog(db, principalOf(res).accountId, query);
    const { items, meta } = page(
      rows.map((row) => ({ ...row, createdAt: row.created_at })),
      query.limit,
    );
    sendData(
      res,
      200,
      items.map((row) => ({
        id: row.id,
        type: row.type,
        created_at: row.created_at.toISOString(),
        idempotency_key: row.idempotency_key,
        deliveries: {
          total: row.pending + row.succeeded + row.failed,
          pending: row.pending,
          succeeded: row.succeeded,
          failed: row.failed,
        },
      })),
      meta,
    );
  });

  const findEvent = async (accountId: string, id: string | string[] | undefined) => {
    const event = await prisma.event.findFirst({ where: { id: uuidOr404(id, "Event"), accountId } });
    if (!event) throw notFound("Event");
    return event;
  };

  // An event's deliveries, oldest first, read only from the event's partition.
  const deliveriesOf = (eventId: string, limit: number, cursor?: { createdAt: Date; id: string }) => {
    const [low, high] = sameMillisecond(eventId);
    return prisma.delivery.findMany({
      where: { eventId, id: { gte: low, lte: high }, ...afterAscending(cursor) },
      orderBy: oldestFirst,
      take: limit + 1,
    });
  };

  router.get("/events/:id", requireScope("events:read"), async (req, res) => {
    const event = await findEvent(principalOf(res).accountId, req.params.id);
    const { items, meta } = page(await deliveriesOf(event.id, INLINE_LIMIT), INLINE_LIMIT);
    sendDataWithRawField(
      res,
      200,
      {
        id: event.id,
        type: event.type,
        data: null,
        idempotency_key: event.idempotencyKey,
        created_at: event.createdAt.toISOString(),
        deliveries: items.map(presentDelivery),
        deliveries_next_cursor: meta.next_cursor,
      },
      "data",
      event.payload,
    );
  });

  router.get("/events/:id/deliveries", requireScope("events:read"), async (req, res) => {
    const query = parseOrThrow(pageQuery, req.query);
    const event = await findEvent(principalOf(res).accountId, req.params.id);
    const { items, meta } = page(await deliveriesOf(event.id, query.limit, query.cursor), query.limit);
    sendData(res, 200, items.map(presentDelivery), meta);
  });

  return router;
}
