import type { Database } from "@herald/db";
import { batchPerTickBy } from "@herald/delivery";
import { type BatchItem, type Ingested, ingestBatch } from "./ingest-batch.js";

// POST /events: the single events that reach the database within one batch window
// (BATCH_WINDOW_MS after the first of them, while requests keep coming; batchPerTick) are stored
// together, one batch statement per account (ingestBatch), and each request is answered on its
// own: its event, a replay of it, or its own error (409 for a reused key with another body).
// Requests that share a window share one statement, one plan and one WAL flush; a request after
// a quiet spell waits for nothing but the end of its turn.
export function ingestEvent(db: Database, accountId: string, item: BatchItem): Promise<Ingested> {
  return ingestTogether(db, { accountId, item });
}

const ingestTogether = batchPerTickBy(
  async (db: Database, calls: { accountId: string; item: BatchItem }[]): Promise<(Ingested | Error)[]> => {
    const byAccount = new Map<string, number[]>();
    for (const [index, { accountId }] of calls.entries()) {
      const indexes = byAccount.get(accountId) ?? [];
      indexes.push(index);
      byAccount.set(accountId, indexes);
    }
    const answers: (Ingested | Error)[] = new Array(calls.length);
    await Promise.all(
      [...byAccount].map(async ([accountId, indexes]) => {
        try {
          const items = indexes.map((index) => calls[index]!.item);
          for (const [k, outcome] of (await ingestBatch(db, accountId, items)).entries())
            answers[indexes[k]!] = outcome.ok ? outcome : outcome.error;
        } catch (error) {
          for (const index of indexes)
            answers[index] = error instanceof Error ? error : new Error(String(error));
        }
      }),
    );
    return answers;
  },
  (db) => db.batchWindowMs,
);
