import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { generatedFiles, packageDir } from "./generated-files.js";

for (const [file, text] of Object.entries(await generatedFiles())) {
  writeFileSync(join(packageDir, file), text);
  console.log(`wrote packages/client/${file}`);
}
