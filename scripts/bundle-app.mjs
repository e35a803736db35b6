// Bundles an app for production (`npm run build`, used by the Dockerfile): the app and Herald's
// own workspace packages are compiled into dist/main.js; npm dependencies stay external and are
// loaded from node_modules at run time.
//   node ../../scripts/bundle-app.mjs src/main.ts     (from apps/api or apps/worker)
import { build } from "esbuild";

const entry = process.argv[2];
if (!entry) {
  console.error("usage: bundle-app.mjs <entry.ts>");
  process.exit(2);
}

const externalDependencies = {
  name: "external-dependencies",
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith("@herald/") ? undefined : { path: args.path, external: true },
    );
  },
};

await build({
  entryPoints: [entry],
  outfile: "dist/main.js",
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  sourcemap: true,
  logLevel: "warning",
  plugins: [externalDependencies],
});
console.log(`bundled ${entry} → dist/main.js`);
