export { ConfigError, env, loadConfigOrExit, parseConfig } from "./config.js";
export { createLogger, type Logger } from "./logger.js";
