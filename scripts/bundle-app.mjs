// Bundles Herald's programs with esbuild: the app or CLI and Herald's own workspace packages
// are compiled into one file each; npm dependencies stay external and are loaded from
// node_modules at run time, so a bundle must sit inside the repository.
//   node ../../scripts/bundle-app.mjs src/main.ts [src/cli/keys.ts …]   (`npm run build` in an app:
//   dist/main.js, dist/cli/keys.js, …)
// The test suite's global setup bundles every program once the same way (bundlePrograms) and runs
// the bundles: no TypeScript compiled at each of the suite's many process starts.
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";

const externalDependencies = {
  name: "external-dependencies",
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith("@herald/") ? undefined : { path: args.path, external: true },
    );
  },
};

// Writes each entry to `outdir`, keeping its path below `outbase`.
export async function bundlePrograms({ entries, outdir, outbase }) {
  await build({
    entryPoints: entries,
    outdir,
    outbase,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    sourcemap: true,
    logLevel: "warning",
    plugins: [externalDependencies],
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const entries = process.argv.slice(2);
  if (entries.length === 0) {
    console.error("usage: bundle-app.mjs <entry.ts> [entry.ts …]");
    process.exit(2);
  }
  await bundlePrograms({ entries, outdir: "dist", outbase: resolve("src") });
  console.log(`bundled ${entries.join(", ")} → dist/`);
}
