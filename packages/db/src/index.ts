export {
  createDatabase,
  createPrismaClient,
  type Database,
  type PrismaClientOptions,
  type Statement,
  sql,
} from "./client.js";
export { isDatabaseUnavailable } from "./database-errors.js";
export * from "./generated/prisma/client.js";
export { type MigrateOptions, type MigrateResult, MigrationError, migrateDatabase } from "./migrate.js";
export {
  createDayPartitions,
  formatRetentionReport,
  type RetentionReport,
  retentionEnv,
  runRetentionPass,
  storageStats,
} from "./retention/index.js";
export { createSecretBox, type SecretBox, SecretBoxError } from "./secret-box.js";
export { idFloor, sameMillisecond, timeOfId, uuidv7, uuidv7Like } from "./time-ids.js";
