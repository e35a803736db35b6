import { type Database, sameMillisecond } from "@herald/db";
import { z } from "zod";
import { principalOf } from "../auth/authenticate.js";
import { eventLogQuery, readEventLog } from "../events/event-log-query.js";
import { notFound } from "../http/app-error.js";
import { defineOperation, type Operation } from "../http/operation.js";
import { afterAscending, oldestFirst, page, pageQuery } from "../http/pagination.js";
import { uuidOr404 } from "../http/validate.js";
import { pageMeta, success } from "../openapi/envelope-schemas.js";
import { deliveryObject, presentDelivery } from "./present-delivery.js";

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

async function findEvent({ prisma }: Database, accountId: string, id: string | string[] | undefined) {
  const event = await prisma.event.findFirst({ where: { id: uuidOr404(id, "Event"), accountId } });
  if (!event) throw notFound("Event");
  return event;
}

// An event's deliveries, oldest first, read only from the event's partition.
function deliveriesOf(
  { prisma }: Database,
  eventId: string,
  limit: number,
  cursor?: { createdAt: Date; id: string },
) {
  const [low, high] = sameMillisecond(eventId);
  return prisma.delivery.findMany({
    where: { eventId, id: { gte: low, lte: high }, ...afterAscending(cursor) },
    orderBy: oldestFirst,
    take: limit + 1,
  });
}

export const eventLogOperations: Operation[] = [
  defineOperation({
    method: "get",
    path: "/events",
    operationId: "listEvents",
    summary: "The event log: the account's events, newest first, with delivery counts",
    scope: "events:read",
    query: eventLogQuery,
    status: 200,
    response: success(z.array(eventLogItem), pageMeta),
    async handler({ res, query }, { db }) {
      const rows = await readEventLog(db, principalOf(res).accountId, query);
      const { items, meta } = page(
        rows.map((row) => ({ ...row, createdAt: row.created_at })),
        query.limit,
      );
      const data = items.map((row) => ({
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
      }));
      return { data, meta };
    },
  }),
  defineOperation({
    method: "get",
    path: "/events/{id}",
    operationId: "getEvent",
    summary: `Get an event, its data exactly as sent, and its first ${INLINE_LIMIT} deliveries`,
    scope: "events:read",
    status: 200,
    response: success(
      z.object({
        id: z.uuid(),
        type: z.string(),
        data: z.record(z.string(), z.unknown()),
        idempotency_key: z.string().nullable(),
        created_at: z.iso.datetime(),
        deliveries: z.array(deliveryObject).max(INLINE_LIMIT),
        deliveries_next_cursor: z
          .string()
          .nullable()
          .meta({ description: "More deliveries: GET /v1/events/{id}/deliveries?cursor=..." }),
      }),
    ),
    async handler({ req, res }, { db }) {
      const event = await findEvent(db, principalOf(res).accountId, req.params.id);
      const { items, meta } = page(await deliveriesOf(db, event.id, INLINE_LIMIT), INLINE_LIMIT);
      return {
        data: {
          id: event.id,
          type: event.type,
          data: null,
          idempotency_key: event.idempotencyKey,
          created_at: event.createdAt.toISOString(),
          deliveries: items.map(presentDelivery),
          deliveries_next_cursor: meta.next_cursor,
        },
        // Sent as stored: key order and numbers beyond double precision survive.
        rawField: { name: "data", json: event.payload },
      };
    },
  }),
  defineOperation({
    method: "get",
    path: "/events/{id}/deliveries",
    operationId: "listEventDeliveries",
    summary: "An event's deliveries, oldest first",
    scope: "events:read",
    query: pageQuery,
    status: 200,
    response: success(z.array(deliveryObject), pageMeta),
    async handler({ req, res, query }, { db }) {
      const event = await findEvent(db, principalOf(res).accountId, req.params.id);
      const { items, meta } = page(await deliveriesOf(db, event.id, query.limit, query.cursor), query.limit);
      return { data: items.map(presentDelivery), meta };
    },
  }),
];
