import type { Database } from "@herald/db";
import { Router } from "express";
import { principalOf, requireScope } from "../auth/authenticate.js";
import { checkEventData, eventBody, idempotencyHeader } from "../events/event-body.js";
import type { EventCatalog } from "../events/event-catalog.js";
import { ingestEvent } from "../events/ingest-event.js";
import { rawJsonMember } from "../events/raw-json-member.js";
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
}

export function eventRoutes({ db, catalog, enqueuer, onIngested, maxJsonDepth }: EventRouteDeps): Router {
  const router = Router();
  const body = eventBody(catalog);

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

  return router;
}
