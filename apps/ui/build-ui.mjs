// Builds the web UI served at /ui: one script and one stylesheet next to index.html, no CDN.
//   npm run build -w @herald/ui   → apps/ui/dist/
// The test suite's global setup builds it the same way into its own folder (buildUi).
import { copyFile, mkdir } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));

export async function buildUi({ outdir = join(here, "dist") } = {}) {
  await mkdir(outdir, { recursive: true });
  await build({
    entryPoints: [join(here, "src/main.tsx")],
    outfile: join(outdir, "app.js"),
    bundle: true,
    minify: true,
    format: "esm",
    target: "es2022",
    jsx: "automatic",
    jsxImportSource: "preact",
    sourcemap: true,
    logLevel: "warning",
  });
  await copyFile(join(here, "src/index.html"), join(outdir, "index.html"));
  await copyFile(join(here, "src/app.css"), join(outdir, "app.css"));
  return outdir;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const outdir = await buildUi({ outdir: resolve(here, "dist") });
  console.log(`built the UI → ${outdir}`);
}
