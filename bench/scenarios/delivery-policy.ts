// Scenario 9, per-webhook delivery policy: how closely a webhook's rate_limit_per_second holds
// under a backlog (observed receipts per second / configured, goal within ±10 %), and what
// `ordered: true` costs (one webhook's drain rate, ordered vs not, same backlog).
import { nowMs, round, say } from "../log.js";
import { EVENT_TYPES } from "../payload.js";
import { createAccount, createWebhooks } from "../stack.js";
import { receiptRateDuring, type ScenarioContext, sendEvents, waitForReceipts } from "./common.js";

export interface PolicyResult {
  throttle: { configured: number; observed: number; ratio: number; events: number };
  ordered: { events: number; orderedRate: number; unorderedRate: number; ratio: number };
}

const TYPE = EVENT_TYPES[0]!;

async function oneWebhook(ctx: ScenarioContext, ns: string, policy: Record<string, unknown>) {
  const account = await createAccount(ctx.stack, ns);
  await createWebhooks(ctx.stack, account, [
    { url: `${ctx.receiver.url}/${ns}/ok/0`, events: [TYPE], ...policy },
  ]);
  return account;
}

// Sends `events` at once (200/s) to a one-webhook account; seconds until all arrived.
async function drainSeconds(
  ctx: ScenarioContext,
  ns: string,
  events: number,
  policy: Record<string, unknown>,
) {
  const account = await oneWebhook(ctx, ns, policy);
  const startedAt = nowMs();
  const sent = await sendEvents(ctx, account, 200, (events / 200) * 1000, () => TYPE);
  await waitForReceipts(ctx, ns, sent.accepted);
  return { accepted: sent.accepted, seconds: (nowMs() - startedAt) / 1000 };
}

export async function deliveryPolicyScenario(ctx: ScenarioContext): Promise<PolicyResult> {
  const configured = 20;
  const windowMs = Math.max(4_000, 2 * ctx.settings.steadyMs);
  // A backlog that outlasts the measuring window at the configured rate.
  const events = configured * Math.ceil(windowMs / 1000 + 3);
  say(`scenario 9 (policy): a ${configured}/s webhook under a backlog of ${events} events`);
  const throttled = await oneWebhook(ctx, "s9-throttle", { rate_limit_per_second: configured });
  const [sent, observedRaw] = await Promise.all([
    sendEvents(ctx, throttled, 200, (events / 200) * 1000, () => TYPE),
    receiptRateDuring(ctx, "s9-throttle", 1_500, 1_500 + windowMs),
  ]);
  await waitForReceipts(ctx, "s9-throttle", sent.accepted);
  const observed = round(observedRaw, 1);
  const throttle = { configured, observed, ratio: round(observed / configured, 2), events: sent.accepted };

  const backlog = ctx.settings.mode === "quick" ? 150 : 500;
  say(`scenario 9 (policy): one webhook drains ${backlog} events, ordered and not`);
  const unordered = await drainSeconds(ctx, "s9-unordered", backlog, {});
  const ordered = await drainSeconds(ctx, "s9-ordered", backlog, { ordered: true });
  const orderedRate = round(ordered.accepted / ordered.seconds, 1);
  const unorderedRate = round(unordered.accepted / unordered.seconds, 1);
  const result = {
    throttle,
    ordered: { events: backlog, orderedRate, unorderedRate, ratio: round(orderedRate / unorderedRate, 2) },
  };
  say(
    `scenario 9: throttle ${observed}/s of ${configured}/s (${throttle.ratio} ×); ordered ${orderedRate}/s vs ` +
      `${unorderedRate}/s unordered (${result.ordered.ratio} ×)`,
  );
  return result;
}
