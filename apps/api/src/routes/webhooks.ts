import type { PrismaClient, SecretBox, Webhook } from "@herald/db";
import { generateSecret } from "@herald/signing";
import { Router } from "express";
import { principalOf, requireScope } from "../auth/authenticate.js";
import type { EventCatalog } from "../events/event-catalog.js";
import { AppError, notFound } from "../http/app-error.js";
import { sendData } from "../http/envelope.js";
import { after, newestFirst, page, pageQuery } from "../http/pagination.js";
import { jsonBody, parseOrThrow, uuidOr404 } from "../http/validate.js";
import { presentWebhook } from "../webhooks/present-webhook.js";
import { type UrlPolicy, unwrapWebhook, webhookBodies } from "../webhooks/webhook-schemas.js";

export interface WebhookRouteDeps {
  prisma: PrismaClient;
  secretBox: SecretBox;
  catalog: EventCatalog;
  urlPolicy: UrlPolicy;
  // MAX_WEBHOOKS_PER_ACCOUNT: bounds what one event can fan out to.
  maxWebhooksPerAccount: number;
}

const DISABLED_BY_API = "disabled through the API";

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

export function webhookRoutes({
  prisma,
  secretBox,
  catalog,
  urlPolicy,
  maxWebhooksPerAccount,
}: WebhookRouteDeps): Router {
  const router = Router();
  const bodies = webhookBodies(urlPolicy, catalog);
  const read = requireScope("webhooks:read");
  const write = requireScope("webhooks:write");

  // Declared before /webhooks/:id so "events" is never taken for an id.
  router.get("/webhooks/events", read, (_req, res) => {
    sendData(res, 200, catalog.entries);
  });

  router.get("/webhooks", read, async (req, res) => {
    const query = parseOrThrow(pageQuery, req.query);
    const rows = await prisma.webhook.findMany({
      where: { accountId: principalOf(res).accountId, deletedAt: null, ...after(query.cursor) },
      orderBy: newestFirst,
      take: query.limit + 1,
    });
    const { items, meta } = page(rows, query.limit);
    sendData(res, 200, items.map(presentWebhook), meta);
  });

  router.post("/webhooks", write, async (req, res) => {
    const input = parseOrThrow(bodies.create, unwrapWebhook(jsonBody(req)));
    const secret = generateSecret();
    const status = requestedStatus(input) ?? "active";
    const accountId = principalOf(res).accountId;
    const webhook = await prisma.$transaction(async (tx) => {
      // The account row's lock serialises concurrent creates, so the quota cannot be overrun.
      await tx.$queryRaw`SELECT id FROM accounts WHERE id = ${accountId}::uuid FOR UPDATE`;
      const existing = await tx.webhook.count({ where: { accountId, deletedAt: null } });
      if (existing >= maxWebhooksPerAccount) {
        throw new AppError(
          "VALIDATION_ERROR",
          `This account already has ${existing} webhooks, the most MAX_WEBHOOKS_PER_ACCOUNT allows (${maxWebhooksPerAccount}); delete one first`,
          { webhooks: `at most ${maxWebhooksPerAccount} per account (MAX_WEBHOOKS_PER_ACCOUNT)` },
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
        },
      });
    });
    sendData(res, 201, { ...presentWebhook(webhook), secret });
  });

  router.get("/webhooks/:id", read, async (req, res) => {
    sendData(res, 200, presentWebhook(await findWebhook(prisma, principalOf(res).accountId, req.params.id)));
  });

  router.patch("/webhooks/:id", write, async (req, res) => {
    const input = parseOrThrow(bodies.update, unwrapWebhook(jsonBody(req)));
    const existing = await findWebhook(prisma, principalOf(res).accountId, req.params.id);
    const status = requestedStatus(input);
    const data = {
      ...(input.url === undefined ? {} : { url: input.url }),
      ...(input.events === undefined ? {} : { events: input.events }),
      ...(input.description === undefined ? {} : { description: input.description }),
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
    sendData(res, 200, presentWebhook(webhook));
  });

  router.delete("/webhooks/:id", write, async (req, res) => {
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
    sendData(res, 200, { id: existing.id, deleted: true });
  });

  router.post("/webhooks/:id/rotate-secret", write, async (req, res) => {
    const input = parseOrThrow(bodies.rotate, jsonBody(req));
    const existing = await findWebhook(prisma, principalOf(res).accountId, req.params.id);
    const grace = input.grace_period_seconds ?? 0;
    const secret = generateSecret();
    const previousExpiresAt = grace > 0 ? new Date(Date.now() + grace * 1000) : null;
    const webhook = await prisma.webhook.update({
      where: { id: existing.id },
      data: {
        secretEncrypted: secretBox.encrypt(secret),
        // By default the old secret stops working at once; with a grace period both sign.
        previousSecretEncrypted: previousExpiresAt ? existing.secretEncrypted : null,
        previousSecretExpiresAt: previousExpiresAt,
      },
    });
    sendData(res, 200, {
      ...presentWebhook(webhook),
      secret,
      previous_secret_expires_at: previousExpiresAt?.toISOString() ?? null,
    });
  });

  return router;
}

function requestedStatus(input: {
  status?: "active" | "disabled" | undefined;
  active?: boolean | undefined;
}) {
  if (input.status !== undefined) return input.status;
  if (input.active !== undefined) return input.active ? "active" : "disabled";
  return undefined;
}
