import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const defaultMigrationsDir = fileURLToPath(new URL("../../../prisma/migrations", import.meta.url));

export interface MigrationFile {
  name: string;
  script: string;
  checksum: string;
}

// Prisma's checksum: sha256 of the migration.sql text, lowercase hex.
export function migrationChecksum(script: string): string {
  return createHash("sha256").update(script, "utf8").digest("hex");
}

// Same tolerance as Prisma's schema engine: a checkout with other line endings (git on Windows)
// still matches, and so do checksums written by old engines that dropped leading zeros per byte.
export function scriptMatchesChecksum(script: string, checksum: string): boolean {
  const variants = [script, script.replaceAll("\r\n", "\n"), script.replaceAll("\n", "\r\n")];
  return variants.some((variant) => {
    const digest = createHash("sha256").update(variant, "utf8").digest();
    const rendered =
      checksum.length === 64
        ? digest.toString("hex")
        : Array.from(digest, (byte) => byte.toString(16)).join("");
    return rendered === checksum;
  });
}

// Lists migrations the way `prisma migrate deploy` does: every sub-directory, in name order,
// each holding a migration.sql.
export async function readMigrations(dir: string): Promise<MigrationFile[]> {
  await checkLockFile(dir);
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const migrations: MigrationFile[] = [];
  for (const name of names) {
    const script = await readFile(join(dir, name, "migration.sql"), "utf8").catch(
      (error: NodeJS.ErrnoException) => {
        if (error.code === "ENOENT") throw new Error(`migration ${name} has no migration.sql`);
        throw error;
      },
    );
    migrations.push({ name, script, checksum: migrationChecksum(script) });
  }
  return migrations;
}

async function checkLockFile(dir: string): Promise<void> {
  const lock = await readFile(join(dir, "migration_lock.toml"), "utf8").catch(() => undefined);
  if (lock === undefined) return;
  const provider = /^\s*provider\s*=\s*"([^"]*)"/m.exec(lock)?.[1];
  if (provider !== undefined && provider !== "postgresql") {
    throw new Error(`migration_lock.toml is for provider "${provider}", not postgresql`);
  }
}
