import { z } from "zod";
import { principalOf } from "../auth/authenticate.js";
import { checkEventData, eventBody, idempotencyHeader } from "../events/event-body.js";
import { type BatchItem, type BatchOutcome, ingestBatch } from "../events/ingest-batch.js";
import { ingestEvent } from "../events/ingest-event.js";
import { rawJsonArrayItems, rawJsonMember } from "../events/raw-json-member.js";
import { AppError } from "../http/app-error.js";
import { defineOperation, type Operation } from "../http/operation.js";
import { rawBodyText } from "../http/raw-body.js";
import { parseOrThrow } from "../http/validate.js";
import { failure, success } from "../openapi/envelope-schemas.js";
import type { OperationSettings } from "./route-deps.js";

const ingested = z.object({ id: z.uuid(), type: z.string(), deliveries: z.number().int() });

export function eventOperations({ catalog, maxBatchEvents }: OperationSettings): Operation[] {
  const body = eventBody(catalog);

  // One item of a batch, validated exactly like POST /events; its error fails only itself.
  const checkItem = async (
    value: unknown,
    rawItem: string | undefined,
    maxJsonDepth: number,
  ): Promise<BatchItem> => {
    const input = parseOrThrow(body, value);
    await checkEventData(input.data, maxJsonDepth);
    return {
      type: input.type,
      data: input.data,
      rawData: rawItem === undefined ? undefined : rawJsonMember(rawItem, "data"),
      idempotencyKey: input.id,
    };
  };

  return [
    defineOperation({
      method: "post",
      path: "/events",
      operationId: "sendEvent",
      errors: ["CONFLICT"],
      summary: "Ingest an event (Idempotency-Key header or `id` dedupes)",
      scope: "events:write",
      body,
      headers: idempotencyHeader,
      status: 202,
      response: success(ingested),
      async handler({ req, res, body: input, headers }, { db, enqueuer, metrics, config }) {
        const header = headers["Idempotency-Key"];
        if (header !== undefined && input.id !== undefined && header !== input.id) {
          throw new AppError("VALIDATION_ERROR", "Validation error", {
            id: "differs from the Idempotency-Key header",
          });
        }
        await checkEventData(input.data, config.MAX_JSON_DEPTH);
        const result = await ingestEvent(db, principalOf(res).accountId, {
          type: input.type,
          data: input.data,
          rawData: rawJsonMember(rawBodyText(req) ?? "", "data"),
          idempotencyKey: header ?? input.id,
        });
        if (!result.replayed) {
          metrics.eventsIngested.inc({ type: input.type });
          // After commit. If Redis is down the deliveries wait in Postgres for the sweeper.
          await enqueuer.enqueue(result.deliveries);
        }
        return { data: result.event };
      },
    }),
    defineOperation({
      method: "post",
      path: "/events/batch",
      operationId: "sendEventBatch",
      summary: `Ingest up to ${maxBatchEvents} events in one request: one result per event, in order; a bad event fails only itself`,
      scope: "events:write",
      // Each event is checked on its own (checkItem), so one bad event fails only itself.
      body: z.strictObject({
        events: z
          .array(z.unknown(), { message: "required: an array of events" })
          .min(1, "must hold at least one event")
          .max(maxBatchEvents, `must hold at most ${maxBatchEvents} events (MAX_BATCH_EVENTS)`),
      }),
      documentedBody: z.strictObject({
        events: z
          .array(body)
          .min(1)
          .max(maxBatchEvents)
          .meta({ description: `Up to ${maxBatchEvents} events; \`id\` is each event's idempotency key` }),
      }),
      status: 202,
      response: success(z.array(z.union([ingested, failure.pick({ error: true })]))),
      async handler({ req, res, body: { events } }, { db, enqueuer, metrics, config }) {
        const rawItems = rawJsonArrayItems(rawJsonMember(rawBodyText(req) ?? "", "events") ?? "");
        const raw = rawItems.length === events.length ? rawItems : [];
        const checked = await Promise.all(
          events.map((value, index) =>
            checkItem(value, raw[index], config.MAX_JSON_DEPTH).catch((error: unknown) => {
              if (error instanceof AppError) return error;
              throw error;
            }),
          ),
        );
        const valid = checked.filter((item): item is BatchItem => !(item instanceof AppError));
        const stored = valid.length > 0 ? await ingestBatch(db, principalOf(res).accountId, valid) : [];
        for (const outcome of stored)
          if (outcome.ok && !outcome.replayed) metrics.eventsIngested.inc({ type: outcome.event.type });
        // After commit, one addBulk for the whole batch.
        await enqueuer.enqueue(stored.flatMap((outcome) => (outcome.ok ? outcome.deliveries : [])));
        let next = 0;
        const results = checked.map((item) =>
          item instanceof AppError ? present({ ok: false, error: item }) : present(stored[next++]!),
        );
        return { data: results };
      },
    }),
  ];
}

function present(outcome: BatchOutcome) {
  if (outcome.ok) return outcome.event;
  const { code, message, details } = outcome.error;
  return { error: details ? { code, message, details } : { code, message } };
}
