import type { Database } from "@herald/db";
import { expireAbandonedTests, sweepPendingDeliveries } from "@herald/delivery";
import type { DeliveryJobSettings, DeliveryQueue } from "@herald/queue";
import { inSpan, type Logger } from "@herald/runtime";

// Runs the outbox sweep every `intervalMs`, never two at once in this process.
export function startSweeper(options: {
  db: Database;
  queue: DeliveryQueue;
  settings: DeliveryJobSettings;
  intervalMs: number;
  staleAfterMs: number;
  logger: Logger;
  onSwept: (count: number) => void;
}): { stop(): Promise<void> } {
  let running: Promise<void> | undefined;
  const sweep = async () => {
    try {
      const count = await sweepPendingDeliveries(options.db, options.queue, options.settings, {
        staleAfterMs: options.staleAfterMs,
      });
      if (count > 0) {
        options.onSwept(count);
        options.logger.info({ count }, "sweeper enqueued overdue pending deliveries");
      }
      const abandoned = await expireAbandonedTests(options.db, options.staleAfterMs);
      if (abandoned > 0)
        options.logger.warn({ count: abandoned }, "sweeper failed abandoned test deliveries");
    } catch (error) {
      options.logger.warn({ err: error }, "sweep failed; next one in a moment");
    }
  };
  const timer = setInterval(() => {
    // One trace per pass, its statements and enqueues as children.
    running ??= inSpan("outbox sweep", {}, sweep).finally(() => {
      running = undefined;
    });
  }, options.intervalMs);
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
