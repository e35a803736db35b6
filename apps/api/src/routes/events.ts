import type { Database } from "@herald/db";
import { Router } from "express";
import { z } from "zod";
import { principalOf, requireScope } from "../auth/authenticate.js";
import { checkEventData, eventBody, idempotencyHeader } from "../events/event-body.js";
import type { EventCatalog } from "../events/event-catalog.js";
import { type BatchItem, type BatchOutcome, ingestBatch } from "../events/ingest-batch.js";
import { ingestEvent } from "../events/ingest-event.js";
import { rawJsonArrayItems, rawJsonMember } from "../events/raw-json-member.js";
import { AppError } from "../http/app-error.js";
import { sendData } from "../http/envelope.js";
import { rawBodyText } from "../http/raw-body.js";
import { jsonBody, parseOrThrow } from "../http/validate.js";
import type { Enqueuer } from "../queueing.js";

export interface EventRouteDeps {
  db: Database;
  catalog: EventCatalog;
  enqueuer: Enqueuer;
  onIngested: (type: string) => void;
  maxJsonDepth: number;
  maxBatchEvents: number;
}

export function eventRoutes(deps: EventRouteDeps): Router {
  const { db, catalog, enqueuer, onIngested, maxJsonDepth, maxBatchEvents } = deps;
  const router = Router();
  const body = eventBody(catalog);
  const batchBody = z.strictObject({
    events: z
      .array(z.unknown(), { message: "required: an array of events" })
      .min(1, "must hold at least one event")
      .max(maxBatchEvents, `must hold at most ${maxBatchEvents} events (MAX_BATCH_EVENTS)`),
  });

  // One item of a batch, validated exactly like POST /events; its error fails only itself.
  const checkItem = async (value: unknown, rawItem: string | undefined): Promise<BatchItem> => {
    const input = parseOrThrow(body, value);
    await checkEventData(input.data, maxJsonDepth);
    return {
      type: input.type,
      data: input.data,
      rawData: rawItem === undefined ? undefined : rawJsonMember(rawItem, "data"),
      idempotencyKey: input.id,
    };
  };

  router.post("/events", requireScope("events:write"), async (req, res) => {
    const input = parseOrThrow(body, jsonBody(req));
    const header = parseOrThrow(idempotencyHeader, { "Idempotency-Key": req.get("idempotency-key") })[
      "Idempotency-Key"
    ];
    if (header !== undefined && input.id !== undefined && header !== input.id) {
      throw new AppError("VALIDATION_ERROR", "Validation error", {
        id: "differs from the Idempotency-Key header",
      });
    }
    await checkEventData(input.data, maxJsonDepth);
    const result = await ingestEvent(db, {
      accountId: principalOf(res).accountId,
      type: input.type,
      data: input.data,
      rawData: rawJsonMember(rawBodyText(req) ?? "", "data"),
      idempotencyKey: header ?? input.id,
    });
    if (!result.replayed) {
      onIngested(input.type);
      // After commit. If Redis is down the deliveries wait in Postgres for the sweeper.
      await enqueuer.enqueue(result.deliveries);
    }
    sendData(res, 202, result.event);
  });

  router.post("/events/batch", requireScope("events:write"), async (req, res) => {
    const { events } = parseOrThrow(batchBody, jsonBody(req));
    const rawItems = rawJsonArrayItems(rawJsonMember(rawBodyText(req) ?? "", "events") ?? "");
    const raw = rawItems.length === events.length ? rawItems : [];
    const checked = await Promise.all(
      events.map((value, index) =>
        checkItem(value, raw[index]).catch((error: unknown) => {
          if (error instanceof AppError) return error;
          throw error;
        }),
      ),
    );
    const valid = checked.filter((item): item is BatchItem => !(item instanceof AppError));
    const stored =
      valid.length > 0
        ? await ingestBatch(db, principalOf(res).accountId, valid)
        : { outcomes: [], deliveries: [] };
    for (const outcome of stored.outcomes)
      if (outcome.ok && !outcome.replayed) onIngested(outcome.event.type);
    // After commit, one addBulk for the whole batch.
    await enqueuer.enqueue(stored.deliveries);
    let next = 0;
    const results = checked.map((item) =>
      item instanceof AppError ? present({ ok: false, error: item }) : present(stored.outcomes[next++]!),
    );
    sendData(res, 202, results);
  });

  return router;
}

function present(outcome: BatchOutcome) {
  if (outcome.ok) return outcome.event;
  const { code, message, details } = outcome.error;
  return { error: details ? { code, message, details } : { code, message } };
}
