// Every scenario ends by accounting for every delivery it published:
//   published (deliveries the API said it created) = stored rows
//   stored = delivered + failed (+ pending, which must be 0 once drained); missing = 0
// and, from the receiver's side, every delivery Postgres calls succeeded was received (2xx)
// at least once; receipts beyond the first per (webhook-id, URL) are duplicates.
import { say, sleep } from "./log.js";
import { type BenchReceiver, duplicates, uniqueDelivered } from "./receiver.js";
import type { BenchAccount, BenchStack } from "./stack.js";

export interface Ledger {
  published: number;
  stored: number;
  delivered: number;
  failed: number;
  pending: number;
  missing: number;
  receivedUnique: number;
  // Succeeded in Postgres but never seen by the receiver.
  receiverMissing: number;
  duplicates: number;
  balanced: boolean;
}

interface Counts {
  stored: number;
  delivered: number;
  failed: number;
  pending: number;
}

export async function deliveryCounts(stack: BenchStack, account: BenchAccount): Promise<Counts> {
  const { rows } = await stack.observer.query<Counts>(
    `SELECT count(*)::int AS stored,
            count(*) FILTER (WHERE d.status = 'succeeded')::int AS delivered,
            count(*) FILTER (WHERE d.status = 'failed')::int AS failed,
            count(*) FILTER (WHERE d.status = 'pending')::int AS pending
     FROM deliveries d JOIN webhooks w ON w.id = d.webhook_id
     WHERE w.account_id = $1::uuid`,
    [account.accountId],
  );
  return rows[0] ?? { stored: 0, delivered: 0, failed: 0, pending: 0 };
}

export async function pendingCount(stack: BenchStack, account: BenchAccount): Promise<number> {
  const { rows } = await stack.observer.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM deliveries d JOIN webhooks w ON w.id = d.webhook_id
     WHERE w.account_id = $1::uuid AND d.status = 'pending'`,
    [account.accountId],
  );
  return rows[0]?.n ?? 0;
}

// Waits until nothing of the account is pending (or the timeout), then closes the books.
export async function settleLedger(
  stack: BenchStack,
  receiver: BenchReceiver,
  account: BenchAccount,
  published: number,
  timeoutMs: number,
): Promise<Ledger> {
  const deadline = Date.now() + timeoutMs;
  let counts = await deliveryCounts(stack, account);
  while ((counts.pending > 0 || counts.stored < published) && Date.now() < deadline) {
    await sleep(250);
    counts = await deliveryCounts(stack, account);
  }
  const snapshot = await receiver.snapshot(account.name);
  const receivedUnique = uniqueDelivered(snapshot);
  const missing = published - counts.delivered - counts.failed;
  const ledger: Ledger = {
    published,
    ...counts,
    missing,
    receivedUnique,
    receiverMissing: Math.max(0, counts.delivered - receivedUnique),
    duplicates: duplicates(snapshot),
    balanced: missing === 0 && counts.pending === 0 && counts.stored === published,
  };
  say(
    `ledger ${account.name}: published ${published} = delivered ${counts.delivered} + failed ${counts.failed}` +
      ` (pending ${counts.pending}, missing ${missing}); receiver saw ${receivedUnique} unique, ` +
      `${ledger.duplicates} duplicate(s)${ledger.balanced ? "" : "  ← DOES NOT BALANCE"}`,
  );
  return ledger;
}

// Several accounts' books as one (a scenario with more than one account).
export function combineLedgers(ledgers: Ledger[]): Ledger {
  const sum = (field: keyof Omit<Ledger, "balanced">) => ledgers.reduce((total, l) => total + l[field], 0);
  return {
    published: sum("published"),
    stored: sum("stored"),
    delivered: sum("delivered"),
    failed: sum("failed"),
    pending: sum("pending"),
    missing: sum("missing"),
    receivedUnique: sum("receivedUnique"),
    receiverMissing: sum("receiverMissing"),
    duplicates: sum("duplicates"),
    balanced: ledgers.every((l) => l.balanced),
  };
}
