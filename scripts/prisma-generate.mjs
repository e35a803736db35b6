// Generates the Prisma client without network access. `prisma generate` never runs the
// schema engine, but the CLI insists on a binary path; any existing file satisfies it.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const cli = "node_modules/prisma/build/index.js";
if (!existsSync(cli)) {
  console.log("prisma-generate: prisma CLI not installed yet, skipping");
  process.exit(0);
}
const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
  CHECKPOINT_DISABLE: "1",
};
const result = spawnSync(process.execPath, [cli, "generate"], { stdio: "inherit", env });
process.exit(result.status ?? 1);
