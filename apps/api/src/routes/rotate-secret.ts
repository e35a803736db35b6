import { generateSecret } from "@herald/signing";
import { z } from "zod";
import { principalOf } from "../auth/authenticate.js";
import { AppError } from "../http/app-error.js";
import { defineOperation, type Operation } from "../http/operation.js";
import { success } from "../openapi/envelope-schemas.js";
import { webhookWithSecret } from "../webhooks/present-webhook.js";
import { webhookBodies } from "../webhooks/webhook-schemas.js";
import type { OperationSettings } from "./route-deps.js";
import { findWebhook, presentWithCircuit } from "./webhooks.js";

// Earlier secrets that may sign at once beside the current one (a short list: every receiver
// verifies each signature until one matches).
const MAX_PREVIOUS_SECRETS = 4;

export function rotateSecretOperation(settings: OperationSettings): Operation {
  const { rotate } = webhookBodies(settings.urlPolicy, settings.catalog, settings.policyLimits);
  return defineOperation({
    method: "post",
    path: "/webhooks/{id}/rotate-secret",
    operationId: "rotateWebhookSecret",
    errors: ["CONFLICT"],
    summary:
      "Rotate the signing secret (returned once); with a grace period every earlier secret signs until its own expiry (at most 4, else 409)",
    scope: "webhooks:write",
    body: rotate,
    optionalBody: true,
    status: 200,
    response: success(webhookWithSecret.extend({ previous_secret_expires_at: z.iso.datetime().nullable() })),
    async handler({ req, res, body: input }, { db: { prisma }, secretBox, slots }) {
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
      return {
        data: {
          ...(await presentWithCircuit(slots, webhook)),
          secret,
          previous_secret_expires_at: previousExpiresAt,
        },
      };
    },
  });
}
