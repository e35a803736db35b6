import { isOperationalEvent, OPERATIONAL_EVENTS } from "@herald/delivery";

// The event types webhooks may subscribe to: the configured list, webhook.test (which
// POST /webhooks/{id}/test sends) and the operational events Herald publishes itself. Producers
// may send all but the operational ones.
const DESCRIPTIONS: Record<string, string> = {
  "optimization.created": "An optimization was created",
  "optimization.approved": "An optimization was approved",
  "optimization.rejected": "An optimization was rejected",
  "optimization.applied": "An optimization was applied",
  "optimization.reverted": "An optimization was reverted",
  "product.scored": "A product was scored",
  "product.synced": "A product sync completed",
  "webhook.test": "A test event sent by POST /v1/webhooks/{id}/test",
};

export const TEST_EVENT_TYPE = "webhook.test";

export interface EventCatalog {
  entries: { name: string; description: string }[];
  has(name: string): boolean;
  // Published by Herald only.
  isOperational(name: string): boolean;
}

export function createEventCatalog(types: readonly string[], extra: readonly string[] = []): EventCatalog {
  const names = [...new Set([...types, ...extra, TEST_EVENT_TYPE, ...Object.keys(OPERATIONAL_EVENTS)])];
  const descriptions: Record<string, string> = { ...DESCRIPTIONS, ...OPERATIONAL_EVENTS };
  const known = new Set(names);
  return {
    entries: names.map((name) => ({ name, description: descriptions[name] ?? `Custom event type ${name}` })),
    has: (name) => known.has(name),
    isOperational: isOperationalEvent,
  };
}
