import type { Database } from "@herald/db";
import type { DeliveryReport } from "./attempt-delivery.js";
import type { DeliveryRef } from "./enqueue-deliveries.js";
import { isOperationalEvent, type OperationalEvent, publishOperationalEvent } from "./operational-events.js";

export interface OperationalPublisher {
  publish(event: OperationalEvent): Promise<void>;
  // The events an attempt calls for: its webhook disabled, its delivery failed for good.
  afterAttempt(report: DeliveryReport): Promise<void>;
}

// Publishing never fails the caller: an event that could not be stored is reported through
// `onError`; one stored but not enqueued is enqueued by the sweeper.
export function createOperationalPublisher(deps: {
  db: Database;
  enqueue: (deliveries: DeliveryRef[]) => Promise<unknown>;
  onError: (error: unknown, event: OperationalEvent) => void;
  onPublished?: (event: OperationalEvent, deliveries: number) => void;
}): OperationalPublisher {
  const publish = async (event: OperationalEvent) => {
    try {
      const deliveries = await publishOperationalEvent(deps.db, event);
      deps.onPublished?.(event, deliveries.length);
      if (deliveries.length > 0) await deps.enqueue(deliveries);
    } catch (error) {
      deps.onError(error, event);
    }
  };
  return {
    publish,
    async afterAttempt(report) {
      for (const event of operationalEventsOf(report)) await publish(event);
    },
  };
}

// Deliveries of operational events and test sends never publish further events: no loops, and
// a test is the sender's own experiment.
function operationalEventsOf(report: DeliveryReport): OperationalEvent[] {
  if (report.kind !== "attempted") return [];
  const { subject } = report;
  if (subject.isTest || isOperationalEvent(subject.eventType)) return [];
  const base = { accountId: subject.accountId, webhookId: subject.webhookId };
  const events: OperationalEvent[] = [];
  if (report.status === "failed") {
    events.push({
      ...base,
      type: "delivery.exhausted",
      data: {
        delivery_id: subject.deliveryId,
        event_id: subject.eventId,
        event_type: subject.eventType,
        attempts: report.attemptNumber,
        last_status_code: report.result.statusCode,
        last_error: report.result.error,
      },
    });
  }
  if (report.disabledReasonText !== null) {
    events.push({
      ...base,
      type: "webhook.disabled",
      data: { reason: report.disabledReasonText, last_error: report.result.error },
    });
  }
  return events;
}
