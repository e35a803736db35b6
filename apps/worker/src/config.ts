import { retentionEnv } from "@herald/db";
import {
  commonEnv,
  deliveryEnv,
  env,
  inFlightCapEnv,
  loadConfigOrExit,
  requireEncryptionKey,
  requireRedis,
} from "@herald/runtime";
import { z } from "zod";

export const workerConfigSchema = z
  .object({
    ...commonEnv,
    ...deliveryEnv,
    ...inFlightCapEnv,
    // Health, readiness and metrics.
    WORKER_PORT: env.port(3001),
    HOST: z.string().default("0.0.0.0"),
    // Deliveries in flight per worker process; they mostly wait on the network. High enough that
    // several slow endpoints at their cap (ENDPOINT_MAX_IN_FLIGHT) leave most slots to the rest.
    WORKER_CONCURRENCY: env.integer(200, { min: 1, max: 2000 }),
    // An over-cap job sleeps until a slot frees; without a wake-up, about this long per cap's
    // worth of jobs queued before it (at most 60 times this).
    ENDPOINT_DEFER_MS: env.integer(1_000, { min: 10, max: 60_000 }),
    // A destination's circuit breaker: this many consecutive failed attempts open it (0: never)
    // for BREAKER_COOLDOWN_MS, doubling with each trip up to BREAKER_MAX_COOLDOWN_MS.
    BREAKER_FAILURES: env.integer(10, { min: 0, max: 10_000 }),
    BREAKER_COOLDOWN_MS: env.integer(30_000, { min: 10, max: 86_400_000 }),
    BREAKER_MAX_COOLDOWN_MS: env.integer(600_000, { min: 10, max: 86_400_000 }),
    SWEEP_INTERVAL_MS: env.integer(30_000, { min: 100, max: 3_600_000 }),
    // A pending delivery this overdue is enqueued again by the sweeper.
    SWEEP_STALE_AFTER_MS: env.integer(60_000, { min: 500, max: 86_400_000 }),
    // How long a job stays locked without a heartbeat before another worker may take it.
    JOB_LOCK_MS: env.integer(30_000, { min: 1_000, max: 600_000 }),
    // Retention (docs/database.md): days kept, partitions made ahead, how often a pass runs.
    ...retentionEnv,
    RETENTION_INTERVAL_MS: env.integer(3_600_000, { min: 1_000, max: 86_400_000 }),
    // herald_storage_alert_bytes: HeraldStorageTableLarge fires when a table grows past it.
    STORAGE_ALERT_BYTES: env.integer(50 * 1024 ** 3, { min: 0 }),
    // On SIGTERM, how long in-flight deliveries may take to finish.
    SHUTDOWN_TIMEOUT_MS: env.integer(30_000, { min: 0, max: 600_000 }),
  })
  .superRefine(requireEncryptionKey)
  .superRefine(requireRedis);

export type WorkerConfig = z.output<typeof workerConfigSchema>;

export function loadWorkerConfig(source: NodeJS.ProcessEnv = process.env): WorkerConfig {
  return loadConfigOrExit(workerConfigSchema, source);
}
