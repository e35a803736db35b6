import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { PrismaClient } from "@herald/db";
import express, { type Response, Router } from "express";
import { framingOrigins } from "../auth/portal-sessions.js";
import { AppError } from "../http/app-error.js";
import { contentSecurityPolicy } from "../http/content-security-policy.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// The web UI at /ui (built by npm run build into UI_DIR). /ui/portal/{id} is the same page, which
// the portal session's allowed origins may frame; every other page refuses to be framed.
export function uiRoutes({ prisma, uiDir }: { prisma: PrismaClient; uiDir: string }): Router {
  const router = Router();
  const dir = resolve(uiDir);
  const indexFile = join(dir, "index.html");
  let index: string | undefined;
  const page = (res: Response, frameAncestors: string[]) => {
    if (index === undefined) {
      if (!existsSync(indexFile))
        throw new AppError("SERVICE_UNAVAILABLE", "The web UI is not built: run npm run build (UI_DIR)");
      index = readFileSync(indexFile, "utf8");
    }
    res.set({
      "Content-Security-Policy": contentSecurityPolicy(frameAncestors),
      "Referrer-Policy": "no-referrer",
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "no-store",
    });
    res.type("html").send(index);
  };

  // Matches /ui and /ui/; the page's relative links need the slash.
  router.get("/ui", (req, res) => {
    if (req.path.endsWith("/")) page(res, []);
    else res.redirect(301, "/ui/");
  });
  router.get("/ui/portal/:id", async (req, res) => {
    const origins = UUID.test(req.params.id) ? await framingOrigins(prisma, req.params.id) : [];
    page(res, origins);
  });
  router.use(
    "/ui",
    express.static(dir, {
      index: false,
      fallthrough: true,
      setHeaders: (res) => res.set("X-Content-Type-Options", "nosniff"),
    }),
  );
  return router;
}
