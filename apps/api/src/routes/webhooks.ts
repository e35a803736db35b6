import type { Database, PrismaClient, SecretBox, Webhook } from "@herald/db";
import { createOperationalPublisher, destinationOf, type EndpointSlots } from "@herald/delivery";
import type { Logger } from "@herald/runtime";
import { generateSecret } from "@herald/signing";
import { Router } from "express";
import { principalOf, requireScope } from "../auth/authenticate.js";
import type { EventCatalog } from "../events/event-catalog.js";
import { AppError, notFound } from "../http/app-error.js";
import { sendData } from "../http/envelope.js";
import { after, newestFirst, page, pageQuery } from "../http/pagination.js";
import { jsonBody, parseOrThrow, uuidOr404 } from "../http/validate.js";
import type { Enqueuer } from "../queueing.js";
import { type PolicyLimits, policyData } from "../webhooks/delivery-policy.js";
import { presentWebhook } from "../webhooks/present-webhook.js";
import { type UrlPolicy, unwrapWebhook, webhookBodies } from "../webhooks/webhook-schemas.js";

export interface WebhookRouteDeps {
  prisma: PrismaClient;
  secretBox: SecretBox;
  catalog: EventCatalog;
  urlPolicy: UrlPolicy;
  // MAX_WEBHOOKS_PER_ACCOUNT: bounds what one event can fan out to.
  maxWebhooksPerAccount: number;
  policyLimits: PolicyLimits;
  // For webhook.disabled and webhook.enabled, published into the account.
  db: Database;
  enqueuer: Enqueuer;
  logger: Logger;
  // The destinations' circuit breakers, read for the webhook object.
  slots: EndpointSlots;
}

const DISABLED_BY_API = "disabled through the API";
// Earlier secrets that may sign at once beside the current one (a short list: every receiver
// verifies each signature until one matches).
const MAX_PREVIOUS_SECRETS = 4;

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
  policyLimits,
  db,
  enqueuer,
  logger,
  slots,
}: WebhookRouteDeps): Router {
  const present = async (webhook: Webhook) =>
    presentWebhook(webhook, await slots.circuitOf(destinationOf(webhook.url)).catch(() => null));
  const operational = createOperationalPublisher({
    db,
    enqueue: (deliveries) => enqueuer.enqueue(deliveries),
    onError: (error, event) =>
      logger.warn(
        { err: error, type: event.type, webhookId: event.webhookId },
        "operational event not published",
      ),
  });
  const router = Router();
  const bodies = webhookBodies(urlPolicy, catalog, policyLimits);
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
    sendData(res, 200, await Promise.all(items.map(present)), meta);
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
          ...policyData(input, secretBox),
        },
      });
    });
    sendData(res, 201, { ...(await present(webhook)), secret });
  });

  router.get("/webhooks/:id", read, async (req, res) => {
    sendData(res, 200, await present(await findWebhook(prisma, principalOf(res).accountId, req.params.id)));
  });

  router.patch("/webhooks/:id", write, async (req, res) => {
    const input = parseOrThrow(bodies.update, unwrapWebhook(jsonBody(req)));
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
    sendData(res, 200, await present(webhook));
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
    const previousExpiresAt = grace > 0 ? new Date(Date.now() + grace * 1000).toISOString() : null;
    // One statement, so the row lock serialises rotations and each one moves the secret the one
    // before it installed. With a grace period the replaced secret joins the earlier ones still
    // inside theirs, each signing until its own expiry; without one, every earlier secret stops
    // at once (the seed's default, and what a leaked secret calls for).
    const rotated = await prisma.$queryRaw<{ id: string }[]>`
      UPDATE webhooks w SET
        secret_encrypted = ${secretBox.encrypt(secret)},
        previous_secrets = CASE WHEN ${previousExpiresAt}::text IS NULL THEN '[]'::jsonb ELSE
          COALESCE((SELECT jsonb_agg(s) FROM jsonb_array_elements(w.previous_secrets) s
                    WHERE (s->>'expires_at')::timestamptz > now()), '[]'::jsonb)
          || jsonb_build_array(jsonb_build_object('secret', w.secret_encrypted, 'expires_at', ${previousExpiresAt}::text))
        END,
        updated_at = now()
      WHERE w.id = ${existing.id}::uuid AND w.deleted_at IS NULL
        AND (${previousExpiresAt}::text IS NULL
             OR (SELECT count(*) FROM jsonb_array_elements(w.previous_secrets) s
                 WHERE (s->>'expires_at')::timestamptz > now()) < ${MAX_PREVIOUS_SECRETS}::int)
      RETURNING w.id`;
    if (rotated.length === 0) {
      throw new AppError(
        "CONFLICT",
        `This webhook already has ${MAX_PREVIOUS_SECRETS} earlier secrets inside their grace periods; rotate without a grace period or wait until one expires`,
      );
    }
    const webhook = await prisma.webhook.findUniqueOrThrow({ where: { id: existing.id } });
    sendData(res, 200, {
      ...(await present(webhook)),
      secret,
      previous_secret_expires_at: previousExpiresAt,
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
