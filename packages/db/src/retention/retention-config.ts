import { env } from "@herald/runtime";

// Retention settings, shared by the worker's maintenance loop and `npm run retention`.
export const retentionEnv = {
  // Days of events, deliveries and attempts kept (whole UTC days; a day holding a pending
  // delivery is kept until it is done).
  RETENTION_DAYS: env.integer(30, { min: 1, max: 3650 }),
  // Days of partitions created ahead of today, so an insert never lacks one.
  RETENTION_PARTITIONS_AHEAD_DAYS: env.integer(7, { min: 1, max: 90 }),
};
