import { type AllowedNetworks, isHostAllowed } from "@herald/delivery";
import { z } from "zod";
import type { EventCatalog } from "../events/event-catalog.js";
import { NO_CONTROL_CHARACTERS, storedText, storedTextProblem } from "../http/stored-text.js";
import { type PolicyLimits, policyFields } from "./delivery-policy.js";

export interface UrlPolicy {
  allowHttp: boolean;
  allowedNetworks: AllowedNetworks;
}

const MAX_URL_LENGTH = 2048;

// The stored URL is the one requested: WHATWG-normalised (lower-case host, default port
// dropped, path escaped) and without a fragment, which is never sent.
export function webhookUrl(policy: UrlPolicy) {
  return (
    z
      .string({ message: "required: an absolute https:// URL" })
      .max(MAX_URL_LENGTH, `must be at most ${MAX_URL_LENGTH} characters`)
      .superRefine((value, ctx) => {
        const problem = storedTextProblem(value) ?? urlProblem(value, policy);
        if (problem) ctx.addIssue({ code: "custom", message: problem, abort: true });
      })
      // What the check above refuses, as far as a pattern can say it (not private addresses), for
      // the document; they never fail after it.
      .regex(NO_CONTROL_CHARACTERS)
      .regex(urlShape(policy))
      .transform((value) => {
        const url = new URL(value);
        url.hash = "";
        return url.href;
      })
      .meta({
        description: policy.allowHttp
          ? "Receiver URL: https:// or http://, without credentials; not a loopback, private or link-local address"
          : "Receiver URL: https://, without credentials; not a loopback, private or link-local address",
      })
  );
}

// The scheme (in any case), a host without credentials, no surrounding spaces.
function urlShape(policy: UrlPolicy): RegExp {
  const scheme = policy.allowHttp ? "[Hh][Tt][Tt][Pp][Ss]?" : "[Hh][Tt][Tt][Pp][Ss]";
  return new RegExp(`^${scheme}://[^\\s@/?#]+(?:[/?#](?:.*\\S)?)?$`);
}

function urlProblem(value: string, policy: UrlPolicy): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "must be an absolute URL";
  }
  const schemes = policy.allowHttp ? ["https:", "http:"] : ["https:"];
  if (!schemes.includes(url.protocol))
    return policy.allowHttp ? "must use https:// or http://" : "must use https://";
  if (url.username || url.password) return "must not contain credentials";
  if (value !== value.trim()) return "must not start or end with spaces";
  if (url.href.length > MAX_URL_LENGTH) return `must be at most ${MAX_URL_LENGTH} characters once normalised`;
  if (!isHostAllowed(url.hostname, policy.allowedNetworks)) {
    return "must not point at a loopback, private or link-local address";
  }
  if (url.hostname.endsWith(".")) return "must not end its host name with a dot";
  return undefined;
}

export function webhookEvents(catalog: EventCatalog) {
  return z
    .array(
      z
        .string({ message: "each event must be a string" })
        .meta({ enum: [...catalog.entries.map((entry) => entry.name), "*"] }),
      { message: "required: a list of event types" },
    )
    .min(1, "must name at least one event type")
    .max(100, "must name at most 100 event types")
    .superRefine((names, ctx) => {
      const seen = new Set<string>();
      names.forEach((name, index) => {
        if (seen.has(name))
          ctx.addIssue({ code: "custom", path: [index], message: `duplicate event type "${name}"` });
        else if (name !== "*" && !catalog.has(name)) {
          ctx.addIssue({ code: "custom", path: [index], message: `unknown event type "${truncate(name)}"` });
        }
        seen.add(name);
      });
    })
    .meta({ uniqueItems: true, description: 'Event types from GET /v1/webhooks/events, or ["*"] for all' });
}

function truncate(value: string): string {
  return value.length > 100 ? `${value.slice(0, 100)}…` : value;
}

const status = z.enum(["active", "disabled"], { message: 'must be "active" or "disabled"' });
const active = z.boolean({ message: "must be true or false" });
const description = storedText().max(1000, "must be at most 1000 characters").nullable();

export function webhookBodies(policy: UrlPolicy, catalog: EventCatalog, limits: PolicyLimits) {
  const create = z
    .strictObject({
      url: webhookUrl(policy),
      events: webhookEvents(catalog),
      description: description.optional(),
      status: status.optional(),
      active: active.optional(),
      ...policyFields(limits),
    })
    .superRefine(statusAgrees);
  const update = z
    .strictObject({
      url: webhookUrl(policy).optional(),
      events: webhookEvents(catalog).optional(),
      description: description.optional(),
      status: status.optional(),
      active: active.optional(),
      ...policyFields(limits),
    })
    .superRefine(statusAgrees);
  const rotate = z.strictObject({
    grace_period_seconds: z
      .number({ message: "must be a number of seconds" })
      .int("must be a whole number of seconds")
      .min(0, "must be at least 0")
      .max(604_800, "must be at most 604800 (7 days)")
      .optional(),
  });
  return { create, update, rotate };
}

function statusAgrees(
  body: { status?: string | undefined; active?: boolean | undefined },
  ctx: z.RefinementCtx,
) {
  if (body.status !== undefined && body.active !== undefined && (body.status === "active") !== body.active) {
    ctx.addIssue({ code: "custom", path: ["active"], message: "contradicts status" });
  }
}

// Both seeds' shapes: {"webhook": {...}} or the same fields at the top level.
export function unwrapWebhook(body: unknown): unknown {
  if (body && typeof body === "object" && !Array.isArray(body)) {
    const keys = Object.keys(body);
    const inner = (body as { webhook?: unknown }).webhook;
    if (keys.length === 1 && keys[0] === "webhook" && inner && typeof inner === "object") return inner;
  }
  return body;
}
