// The event types producers may send and webhooks may subscribe to: the configured list plus
// webhook.test, which POST /webhooks/{id}/test sends.
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
}

export function createEventCatalog(types: readonly string[], extra: readonly string[] = []): EventCatalog {
  const names = [...new Set([...types, ...extra, TEST_EVENT_TYPE])];
  const known = new Set(names);
  return {
    entries: names.map((name) => ({ name, description: DESCRIPTIONS[name] ?? `Custom event type ${name}` })),
    has: (name) => known.has(name),
  };
}
