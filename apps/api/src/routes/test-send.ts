import { randomUUID } from "node:crypto";
import { uuidv7, uuidv7Like, type Webhook } from "@herald/db";
import { attemptDelivery, capsOf, destinationOf } from "@herald/delivery";
import { z } from "zod";
import { principalOf } from "../auth/authenticate.js";
import { TEST_EVENT_TYPE } from "../events/event-catalog.js";
import { AppError } from "../http/app-error.js";
import { defineOperation, type Operation } from "../http/operation.js";
import { success } from "../openapi/envelope-schemas.js";
import { attemptObject } from "./present-delivery.js";
import type { RouteDeps } from "./route-deps.js";
import { findWebhook } from "./webhooks.js";

const CAP_SETTING = {
  webhook: "ENDPOINT_MAX_IN_FLIGHT",
  destination: "DESTINATION_MAX_IN_FLIGHT",
  account: "ACCOUNT_MAX_IN_FLIGHT",
} as const;

// A signed webhook.test event through the same path as real deliveries, answered with the
// attempt's outcome. Test deliveries never count toward auto-disable and are not retried.
export const testSendOperation: Operation = defineOperation({
  method: "post",
  path: "/webhooks/{id}/test",
  operationId: "testWebhook",
  errors: ["CONFLICT", "SERVICE_UNAVAILABLE"],
  summary:
    "Send a signed webhook.test event now and report the attempt; 429 while the webhook or its destination already has as many requests in flight as allowed",
  scope: "webhooks:write",
  status: 200,
  response: success(
    z.object({
      delivery_id: z.uuid(),
      event_id: z.uuid(),
      success: z.boolean(),
      outcome: attemptObject.shape.outcome,
      status_code: z.number().int().nullable(),
      duration_ms: z.number().int(),
      error: z.string().nullable(),
      response_body: z.string().nullable(),
    }),
  ),
  async handler({ req, res }, deps) {
    const { db, slots, enqueuer } = deps;
    const webhook = await findWebhook(db.prisma, principalOf(res).accountId, req.params.id);
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
      return { data: await sendTest(webhook, deps) };
    } finally {
      const woken = await slots.release(caps, holder).catch(() => [] as string[]);
      for (const id of woken) void enqueuer.wake(id);
    }
  },
});

async function sendTest(webhook: Webhook, { db: { prisma }, delivery: context, config }: RouteDeps) {
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
  return {
    delivery_id: deliveryId,
    event_id: eventId,
    success: result.outcome === "success",
    outcome: result.outcome,
    status_code: result.statusCode,
    duration_ms: result.durationMs,
    error: result.error,
    response_body: result.responseSnippet,
  };
}
