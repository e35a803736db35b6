export { formatRetentionReport } from "./format-report.js";
export { createDayPartitions, listPartitions, PARTITIONED_TABLES, type Partition } from "./partitions.js";
export { retentionEnv } from "./retention-config.js";
export {
  type DayReport,
  RETENTION_LOCK,
  type RetentionOptions,
  type RetentionReport,
  runRetentionPass,
  type StorageStats,
  storageStats,
} from "./retention-pass.js";
