// `npm run test:faults`: the fault suite on its own. `npm run test:faults -- --long` runs the
// randomized scenario ten times with different seeds and prints the totals.
import { spawnSync } from "node:child_process";

const long = process.argv.includes("--long");
const target = long ? "test/faults/randomized.test.ts" : "test/faults";
const env = { ...process.env, ...(long ? { HERALD_FAULT_ROUNDS: "10" } : {}) };
const result = spawnSync("npx", ["vitest", "run", target], { stdio: "inherit", env });
process.exit(result.status ?? 1);
