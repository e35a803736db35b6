import { type LocalPostgres, startEmbeddedPostgres } from "./postgres.js";
import { type LocalRedis, startLocalRedis } from "./redis.js";

export interface Services {
  // A server URL with the right to create databases (the `postgres` database when embedded).
  postgresUrl: string;
  redisUrl: string;
  postgres?: LocalPostgres;
  redis?: LocalRedis;
  stop(): Promise<void>;
}

export interface ServiceOptions {
  // Use these instead of starting our own (DATABASE_URL / REDIS_URL from the environment).
  databaseUrl?: string | undefined;
  redisUrl?: string | undefined;
  fast?: boolean;
  log?: (line: string) => void;
}

// Postgres and Redis for `npm run dev`, `npm test` and `npm run bench`: the given URLs, or an
// embedded Postgres and a local redis-server on free ports, stopped again by `stop`.
export async function startServices(options: ServiceOptions = {}): Promise<Services> {
  const log = options.log ?? (() => {});
  const started: { stop(): Promise<void> }[] = [];
  const stop = async () => {
    for (const service of started.reverse()) await service.stop().catch(() => undefined);
  };
  try {
    // Both start at once; whichever started is stopped again if the other fails.
    const [pgResult, redisResult] = await Promise.allSettled([
      options.databaseUrl ? undefined : startEmbeddedPostgres({ fast: options.fast ?? false }),
      options.redisUrl ? undefined : startLocalRedis({ log: (line) => log(`redis: ${line}`) }),
    ]);
    for (const result of [pgResult, redisResult])
      if (result.status === "fulfilled" && result.value) started.push(result.value);
    if (pgResult.status === "rejected") throw pgResult.reason;
    if (redisResult.status === "rejected") throw redisResult.reason;
    const postgres = pgResult.value;
    const redis = redisResult.value;
    return {
      postgresUrl: options.databaseUrl ?? postgres!.adminUrl,
      redisUrl: options.redisUrl ?? redis!.url,
      ...(postgres ? { postgres } : {}),
      ...(redis ? { redis } : {}),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
