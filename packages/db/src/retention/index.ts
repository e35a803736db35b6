export { formatRetentionReport } from "./format-report.js";
export { createDayPartitions, listPartitions, type Partition, PARTITIONED_TABLES } from "./partitions.js";
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
