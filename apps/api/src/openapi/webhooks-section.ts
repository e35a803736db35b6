import { USER_AGENT } from "@herald/runtime";
import type { EventCatalog } from "../events/event-catalog.js";
import * as r from "./example-resources.js";

// The document's `webhooks`: the POST Herald sends to every receiver (packages/delivery's
// deliveryBody and packages/signing's headers), for receivers and for generated types of the
// payload. outbound-webhook.test.ts checks a real delivery against it.

export const payloadSchema = (catalog: EventCatalog) => ({
  type: "object",
  description:
    "The body of every delivery. Deduplicate on `id` (also in the webhook-id header): at-least-once delivery may repeat a request.",
  properties: {
    id: { type: "string", format: "uuid", description: "The event's id; the same on every attempt" },
    type: {
      type: "string",
      enum: catalog.entries.map((entry) => entry.name),
      description: "The event type (GET /v1/webhooks/events describes each)",
    },
    timestamp: { type: "string", format: "date-time", description: "When Herald accepted the event" },
    data: {
      type: "object",
      additionalProperties: true,
      description: "The event's data exactly as the producer sent it",
    },
  },
  required: ["id", "type", "timestamp", "data"],
  additionalProperties: false,
});

const header = (name: string, description: string, schema: Record<string, unknown>, example: string) => ({
  name,
  in: "header",
  required: true,
  description,
  schema,
  example,
});

export function webhooksSection() {
  return {
    event: {
      post: {
        operationId: "receiveEvent",
        summary: "An event delivered to a webhook's URL",
        description: `Herald POSTs each event to the URL of every active webhook subscribed to its type, signed per Standard Webhooks (https://www.standardwebhooks.com): verify with the \`standardwebhooks\` or \`svix\` libraries and the webhook's secret. Any 2xx answer is a success; anything else, a redirect, a timeout or a connection error is a failed attempt, retried with backoff (Retry-After on 429 and 503 is honoured within bounds). 410 Gone disables the webhook at once. The webhook's own custom \`headers\` are sent too.`,
        tags: ["receivers"],
        security: [],
        parameters: [
          header(
            "webhook-id",
            "The event's id, the same on every attempt: deduplicate on it",
            { type: "string", format: "uuid" },
            r.ids.event,
          ),
          header(
            "webhook-timestamp",
            "Unix time in seconds of this attempt; reject messages far from your clock",
            { type: "string", pattern: "^[0-9]+$" },
            "1764584129",
          ),
          header(
            "webhook-signature",
            'Space-separated "v1,<base64 HMAC-SHA256>" signatures of "{webhook-id}.{webhook-timestamp}.{body}", keyed by the base64-decoded secret after "whsec_". During a rotation\'s grace period there is one per valid secret; accept the message if any one matches.',
            { type: "string", pattern: "^v1,[A-Za-z0-9+/]+={0,2}( v1,[A-Za-z0-9+/]+={0,2})*$" },
            "v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=",
          ),
          header("user-agent", "Herald and its version", { type: "string" }, USER_AGENT),
        ],
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: { $ref: "#/components/schemas/WebhookPayload" },
              example: {
                id: r.ids.event,
                type: "product.scored",
                timestamp: "2026-12-01T10:15:01.502Z",
                data: r.eventData,
              },
            },
          },
        },
        responses: {
          "200": {
            description:
              "Any 2xx: delivered. The body is ignored; its first 4 KiB are stored with the attempt.",
          },
          "410": { description: "Gone: Herald disables the webhook and sends it nothing more" },
          default: { description: "Any other answer: a failed attempt, retried later" },
        },
      },
    },
  };
}
