import type { PrismaClient, Webhook } from "@herald/db";
import { destinationOf, type EndpointSlots } from "@herald/delivery";
import { generateSecret } from "@herald/signing";
import { z } from "zod";
import { principalOf } from "../auth/authenticate.js";
import { AppError, notFound } from "../http/app-error.js";
import { defineOperation, type Operation } from "../http/operation.js";
import { after, newestFirst, page, pageQuery } from "../http/pagination.js";
import { uuidOr404 } from "../http/validate.js";
import { pageMeta, success } from "../openapi/envelope-schemas.js";
import { policyData } from "../webhooks/delivery-policy.js";
import { presentWebhook, webhookObject, webhookWithSecret } from "../webhooks/present-webhook.js";
import { unwrapWebhook, webhookBodies } from "../webhooks/webhook-schemas.js";
import type { OperationSettings } from "./route-deps.js";

const DISABLED_BY_API = "disabled through the API";

export const eventType = z.object({ name: z.string(), description: z.string() });

// The account's webhook with this id, or 404 (also for another account's or a deleted one).
export async function findWebhook(
  prisma: PrismaClient,
  accountId: string,
  id: string | string[] | undefined,
): Promise<Webhook> {
  const webhook = await prisma.webhook.findFirst({
    where: { id: uuidOr404(id, "Webhook"), accountId, deletedAt: null },
  });
  if (!webhook) throw notFound("Webhook");
  return webhook;
}

// The webhook object with its destination's circuit breaker (null when Redis cannot say).
export async function presentWithCircuit(slots: EndpointSlots, webhook: Webhook) {
  return presentWebhook(webhook, await slots.circuitOf(destinationOf(webhook.url)).catch(() => null));
}

export function webhookOperations(settings: OperationSettings): Operation[] {
  const bodies = webhookBodies(settings.urlPolicy, settings.catalog, settings.policyLimits);
  // Both seeds' shapes: the fields alone, or wrapped in `webhook`.
  const wrapped = (schema: z.ZodType) => z.union([schema, z.strictObject({ webhook: schema })]);
  return [
    defineOperation({
      method: "get",
      path: "/webhooks",
      operationId: "listWebhooks",
      summary: "List webhooks",
      scope: "webhooks:read",
      query: pageQuery,
      status: 200,
      response: success(z.array(webhookObject), pageMeta),
      async handler({ res, query }, { db, slots }) {
        const rows = await db.prisma.webhook.findMany({
          where: { accountId: principalOf(res).accountId, deletedAt: null, ...after(query.cursor) },
          orderBy: newestFirst,
          take: query.limit + 1,
        });
        const { items, meta } = page(rows, query.limit);
        return { data: await Promise.all(items.map((item) => presentWithCircuit(slots, item))), meta };
      },
    }),
    defineOperation({
      method: "post",
      path: "/webhooks",
      operationId: "createWebhook",
      summary:
        "Create a webhook (body wrapped in `webhook` or not); 422 when the account already has the most webhooks the operator allows",
      scope: "webhooks:write",
      body: z.preprocess(unwrapWebhook, bodies.create),
      documentedBody: wrapped(bodies.create),
      status: 201,
      response: success(webhookWithSecret),
      async handler({ res, body: input }, { db: { prisma }, secretBox, slots, config }) {
        const max = config.MAX_WEBHOOKS_PER_ACCOUNT;
        const secret = generateSecret();
        const status = requestedStatus(input) ?? "active";
        const accountId = principalOf(res).accountId;
        const webhook = await prisma.$transaction(async (tx) => {
          // The account row's lock serialises concurrent creates, so the quota cannot be overrun.
          await tx.$queryRaw`SELECT id FROM accounts WHERE id = ${accountId}::uuid FOR UPDATE`;
          const existing = await tx.webhook.count({ where: { accountId, deletedAt: null } });
          if (existing >= max) {
            throw new AppError(
              "VALIDATION_ERROR",
              `This account already has ${existing} webhooks, the most MAX_WEBHOOKS_PER_ACCOUNT allows (${max}); delete one first`,
              { webhooks: `at most ${max} per account (MAX_WEBHOOKS_PER_ACCOUNT)` },
            );
          }
          return tx.webhook.create({
            data: {
              accountId,
              url: input.url,
              events: input.events,
              description: input.description ?? null,
              status,
              disabledReason: status === "disabled" ? DISABLED_BY_API : null,
              secretEncrypted: secretBox.encrypt(secret),
              ...policyData(input, secretBox),
            },
          });
        });
        return { data: { ...(await presentWithCircuit(slots, webhook)), secret } };
      },
    }),
    // Before /webhooks/{id}, so "events" is never taken for an id.
    defineOperation({
      method: "get",
      path: "/webhooks/events",
      operationId: "listEventTypes",
      summary: "List the event catalog",
      scope: "webhooks:read",
      status: 200,
      response: success(z.array(eventType)),
      handler: (_input, { catalog }) => ({ data: catalog.entries }),
    }),
    defineOperation({
      method: "get",
      path: "/webhooks/{id}",
      operationId: "getWebhook",
      summary: "Get a webhook",
      scope: "webhooks:read",
      status: 200,
      response: success(webhookObject),
      async handler({ req, res }, { db, slots }) {
        const webhook = await findWebhook(db.prisma, principalOf(res).accountId, req.params.id);
        return { data: await presentWithCircuit(slots, webhook) };
      },
    }),
    defineOperation({
      method: "patch",
      path: "/webhooks/{id}",
      operationId: "updateWebhook",
      summary: "Update a webhook; only given fields change",
      scope: "webhooks:write",
      body: z.preprocess(unwrapWebhook, bodies.update),
      documentedBody: wrapped(bodies.update),
      // Without a body nothing changes, as with {}.
      optionalBody: true,
      status: 200,
      response: success(webhookObject),
      async handler({ req, res, body: input }, { db: { prisma }, secretBox, slots, operational }) {
        const existing = await findWebhook(prisma, principalOf(res).accountId, req.params.id);
        const status = requestedStatus(input);
        const data = {
          ...(input.url === undefined ? {} : { url: input.url }),
          ...(input.events === undefined ? {} : { events: input.events }),
          ...(input.description === undefined ? {} : { description: input.description }),
          ...policyData(input, secretBox),
          // Re-enabling starts the failure count afresh; `recover` re-queues what failed meanwhile.
          ...(status === "active" && existing.status !== "active"
            ? { status, failureCount: 0, disabledReason: null }
            : {}),
          ...(status === "disabled" && existing.status !== "disabled"
            ? { status, disabledReason: DISABLED_BY_API }
            : {}),
        };
        const webhook =
          Object.keys(data).length === 0
            ? existing
            : await prisma.webhook.update({ where: { id: existing.id }, data });
        if (webhook.status !== existing.status) {
          await operational.publish({
            accountId: webhook.accountId,
            webhookId: webhook.id,
            ...(webhook.status === "disabled"
              ? { type: "webhook.disabled", data: { reason: DISABLED_BY_API, last_error: webhook.lastError } }
              : { type: "webhook.enabled", data: {} }),
          });
        }
        return { data: await presentWithCircuit(slots, webhook) };
      },
    }),
    defineOperation({
      method: "delete",
      path: "/webhooks/{id}",
      operationId: "deleteWebhook",
      summary: "Delete a webhook; its pending deliveries stop",
      scope: "webhooks:write",
      status: 200,
      response: success(z.object({ id: z.uuid(), deleted: z.literal(true) })),
      async handler({ req, res }, { db: { prisma } }) {
        const existing = await findWebhook(prisma, principalOf(res).accountId, req.params.id);
        const now = new Date();
        // Soft delete keeps the delivery log; its pending deliveries stop here and now.
        await prisma.$transaction([
          prisma.webhook.update({ where: { id: existing.id }, data: { deletedAt: now } }),
          prisma.delivery.updateMany({
            where: { webhookId: existing.id, status: "pending" },
            data: { status: "failed", lastError: "webhook deleted", nextAttemptAt: null, completedAt: now },
          }),
        ]);
        return { data: { id: existing.id, deleted: true } };
      },
    }),
  ];
}

function requestedStatus(input: {
  status?: "active" | "disabled" | undefined;
  active?: boolean | undefined;
}) {
  if (input.status !== undefined) return input.status;
  if (input.active !== undefined) return input.active ? "active" : "disabled";
  return undefined;
}
