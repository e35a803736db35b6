// `npm run retention -- [--dry-run]`: one maintenance pass now (the worker runs the same pass
// every RETENTION_INTERVAL_MS): creates partitions ahead, drops expired days, prints what it
// dropped (or, with --dry-run, what it would drop, changing nothing).
import { parseArgs } from "node:util";
import { env, loadConfigOrExit } from "@herald/runtime";
import { z } from "zod";
import { formatRetentionReport, retentionEnv, runRetentionPass } from "../retention/index.js";

const config = loadConfigOrExit(
  z.object({ DATABASE_URL: env.url(["postgres:", "postgresql:"], "the Postgres database"), ...retentionEnv }),
);
let dryRun = false;
try {
  dryRun = parseArgs({ options: { "dry-run": { type: "boolean", default: false } } }).values["dry-run"];
} catch (error) {
  process.stderr.write(
    `${error instanceof Error ? error.message : String(error)}\nusage: npm run retention -- [--dry-run]\n`,
  );
  process.exit(2);
}

try {
  const report = await runRetentionPass(config.DATABASE_URL, {
    retentionDays: config.RETENTION_DAYS,
    aheadDays: config.RETENTION_PARTITIONS_AHEAD_DAYS,
    dryRun,
  });
  for (const line of formatRetentionReport(report)) console.log(line);
  if (report.skipped) process.exitCode = 3;
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`retention failed: ${message.split("\n")[0]}\n`);
  process.exitCode = 1;
}
