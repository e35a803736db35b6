import { formatRetentionReport, type RetentionReport, runRetentionPass } from "@herald/db";
import type { Logger } from "@herald/runtime";

// The maintenance loop: a retention pass at start and every `intervalMs` (partitions ahead,
// expired days dropped, expired idempotency keys deleted). One worker of the fleet runs it at a
// time (an advisory lock); the others skip their turn. It logs what `npm run retention` prints.
export function startRetentionLoop(options: {
  databaseUrl: string;
  retentionDays: number;
  aheadDays: number;
  intervalMs: number;
  logger: Logger;
  onPass: (report: RetentionReport) => void;
}): { stop(): Promise<void> } {
  let running: Promise<void> | undefined;
  const pass = async () => {
    try {
      const report = await runRetentionPass(options.databaseUrl, {
        retentionDays: options.retentionDays,
        aheadDays: options.aheadDays,
      });
      options.onPass(report);
      const changed =
        report.created.length + report.dropped.length + report.kept.length + report.busy.length > 0;
      const log = changed
        ? options.logger.info.bind(options.logger)
        : options.logger.debug.bind(options.logger);
      log({ retention: report }, formatRetentionReport(report).join("; "));
    } catch (error) {
      options.logger.warn({ err: error }, "retention pass failed; the next one runs in one interval");
    }
  };
  const tick = () => {
    running ??= pass().finally(() => {
      running = undefined;
    });
  };
  tick();
  const timer = setInterval(tick, options.intervalMs);
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
