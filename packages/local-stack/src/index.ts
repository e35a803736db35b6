export {
  type HeraldApp,
  type HeraldAppOptions,
  type HeraldRole,
  repoRoot,
  startHeraldApp,
} from "./herald-app.js";
export { freePort, waitFor } from "./ports.js";
export { adminQuery, type LocalPostgres, quoteIdentifier, startEmbeddedPostgres } from "./postgres.js";
export { ensureRedisServer, type LocalRedis, startLocalRedis } from "./redis.js";
export { type LocalRedisCluster, startRedisCluster } from "./redis-cluster.js";
export { type ServiceOptions, type Services, startServices } from "./services.js";
