import type { PrismaClient } from "@herald/db";
import { probe } from "@herald/runtime";
import { Router } from "express";
import type { Redis } from "ioredis";
import { sendData, sendError } from "../http/envelope.js";

// /metrics is not here: it is served on API_METRICS_PORT (metrics-server.ts).
export function healthRoutes({ prisma, redis }: { prisma: PrismaClient; redis: Redis }) {
  const router = Router();

  // Liveness: the process answers. No dependency is asked.
  router.get("/healthz", (_req, res) => sendData(res, 200, { status: "ok" }));

  // Readiness: Postgres answers within a second. Redis is reported but not required: without it
  // the API still accepts events (they wait in Postgres for the sweeper), so an outage of Redis
  // must not take every API replica out of its load balancer.
  router.get("/readyz", async (_req, res) => {
    const [postgres, queue] = await Promise.all([
      probe(() => prisma.$queryRaw`SELECT 1`),
      probe(() => redis.ping()),
    ]);
    const checks = { postgres, redis: queue };
    if (postgres === "ok") return sendData(res, 200, { status: "ready", checks });
    sendError(res, 503, { code: "SERVICE_UNAVAILABLE", message: "Not ready", details: checks });
  });

  return router;
}
