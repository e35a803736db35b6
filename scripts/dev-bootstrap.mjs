// `npm run dev` on a fresh clone: install dependencies when missing, then run the dev stack
// (scripts/dev.ts). Plain JavaScript with no dependencies, so it runs before `npm install`.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

if (!existsSync("node_modules/.bin/tsx") || !existsSync("packages/db/src/generated/prisma/client.ts")) {
  console.log("[dev] installing dependencies (npm install)…");
  const install = spawnSync("npm", ["install", "--no-audit", "--no-fund"], { stdio: "inherit" });
  if (install.status !== 0) {
    console.error("[dev] npm install failed; fix the error above and run `npm run dev` again");
    process.exit(install.status ?? 1);
  }
}

const dev = spawn(process.execPath, ["--import", "tsx", "scripts/dev.ts"], { stdio: "inherit" });
// Ctrl-C reaches both processes; dev.ts does the stopping and we wait for it.
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => dev.kill(signal));
}
dev.on("exit", (code, signal) => process.exit(code ?? (signal ? 130 : 1)));
