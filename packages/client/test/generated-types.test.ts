// src/generated is what the OpenAPI document generates today: a change to the API's declarations
// without `npm run generate -w @herald/client` fails here.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { GENERATE_COMMAND, generatedFiles, packageDir } from "../scripts/generated-files.js";

it("src/generated matches the OpenAPI document", async () => {
  const files = await generatedFiles();
  expect(Object.keys(files).length).toBeGreaterThan(0);
  for (const [file, generated] of Object.entries(files)) {
    const committed = readFileSync(join(packageDir, file), "utf8").split("\n");
    const lines = generated.split("\n");
    const line = lines.findIndex((text, index) => text !== committed[index]);
    const differs = line >= 0 || committed.length !== lines.length;
    if (differs) {
      const where = line >= 0 ? `line ${line + 1}: ${lines[line]?.trim()}` : "its length";
      expect.fail(
        `packages/client/${file} is out of date with the OpenAPI document (first difference at ${where}). Run \`${GENERATE_COMMAND}\` and commit the result.`,
      );
    }
  }
});
