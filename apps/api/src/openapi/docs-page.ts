// /docs: Swagger UI (the swagger-ui-dist package, served from Herald's own files: no CDN) on the
// served document, with the bearer key (Authorize), the Herald-Account header and try-it.
// The assets' URLs carry the package's version, so browsers may keep them for a year.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { type Response, Router } from "express";
import { contentSecurityPolicy } from "../http/content-security-policy.js";
import { swaggerUiInit } from "./swagger-ui-init.js";

// The package's files the page uses (its own index.html and initializer point at a petstore).
const ASSETS = new Set(["swagger-ui.css", "swagger-ui-bundle.js", "index.css", "favicon-32x32.png"]);

// Found at run time next to whatever runs: the source, the test bundles or apps/api/dist.
function swaggerUiDist(): { dir: string; version: string } {
  const manifest = createRequire(import.meta.url).resolve("swagger-ui-dist/package.json");
  const { version } = JSON.parse(readFileSync(manifest, "utf8")) as { version: string };
  return { dir: dirname(manifest), version };
}

export function docsRoutes(document: { info: { title: string }; servers?: { url: string }[] }): Router {
  const { dir, version } = swaggerUiDist();
  const assets = `docs/assets/${version}`;
  // Relative URLs: the page also works behind a proxy that serves the API under a path.
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(document.info.title)}</title>
<link rel="icon" type="image/png" href="${assets}/favicon-32x32.png">
<link rel="stylesheet" href="${assets}/swagger-ui.css">
<link rel="stylesheet" href="${assets}/index.css">
</head>
<body>
<div id="swagger-ui"><noscript><p>This reference needs JavaScript; the document itself is at <a href="openapi.json">/openapi.json</a>.</p></noscript></div>
<script src="${assets}/swagger-ui-bundle.js"></script>
<script src="docs/init.js"></script>
</body>
</html>
`;
  const init = swaggerUiInit((document.servers ?? []).map((server) => server.url));
  const ownHeaders = (res: Response) =>
    res.set({
      "Content-Security-Policy": contentSecurityPolicy(),
      "Referrer-Policy": "no-referrer",
      "X-Content-Type-Options": "nosniff",
    });

  const router = Router({ strict: true });
  router.get("/docs", (_req, res) => {
    ownHeaders(res).set("Cache-Control", "no-cache").type("html").send(html);
  });
  // The page's links are relative to /docs, not /docs/.
  router.get("/docs/", (_req, res) => {
    res.redirect(301, "../docs");
  });
  router.get("/docs/init.js", (_req, res) => {
    ownHeaders(res).set("Cache-Control", "no-cache").type("js").send(init);
  });
  router.get("/docs/assets/:version/:file", (req, res, next) => {
    if (req.params.version !== version || !ASSETS.has(req.params.file)) return next();
    // The callback also runs after a file was sent: only an error goes on.
    ownHeaders(res).sendFile(join(dir, req.params.file), { maxAge: "1y", immutable: true }, (error) => {
      if (error) next(error);
    });
  });
  return router;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);
}
