export { ConfigError, env, loadConfigOrExit, parseConfig } from "./config.js";
export { createLogger, type Logger } from "./logger.js";
export {
  commonEnv,
  DEFAULT_EVENT_TYPES,
  deliveryEnv,
  encryptionKeyOf,
  requireEncryptionKey,
} from "./shared-config.js";
