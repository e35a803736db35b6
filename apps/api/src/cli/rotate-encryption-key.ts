// Re-encrypts every stored webhook secret (and custom header value) from SECRET_ENCRYPTION_KEY to
// NEW_SECRET_ENCRYPTION_KEY in one transaction. Run it with api and workers stopped, then
// deploy the new key (docs/runbook.md). Safe to run again: rows already under the new
// key are left alone.
//   SECRET_ENCRYPTION_KEY=old NEW_SECRET_ENCRYPTION_KEY=new DATABASE_URL=... \
//     npm run rotate-encryption-key
import { pathToFileURL } from "node:url";
import { createPrismaClient, createSecretBox, type PrismaClient, type SecretBox } from "@herald/db";
import { env, loadCliConfigOrExit } from "@herald/runtime";
import { z } from "zod";

const rotationConfig = z.object({
  DATABASE_URL: env.url(["postgres:", "postgresql:"], "the Postgres connection string"),
  SECRET_ENCRYPTION_KEY: env.encryptionKey(),
  NEW_SECRET_ENCRYPTION_KEY: env.encryptionKey(),
});

export interface RotationResult {
  webhooks: number;
  reencrypted: number;
  alreadyRotated: number;
}

export async function rotateEncryptionKey(
  prisma: PrismaClient,
  oldBox: SecretBox,
  newBox: SecretBox,
): Promise<RotationResult> {
  return prisma.$transaction(
    async (tx) => {
      // Deleted webhooks too: their rows still hold secrets under the old key.
      const rows = await tx.$queryRaw<
        {
          id: string;
          secret_encrypted: string;
          previous_secrets: { secret: string; expires_at: string }[];
          headers: Record<string, string>;
        }[]
      >`SELECT id, secret_encrypted, previous_secrets, headers FROM webhooks ORDER BY id FOR UPDATE`;
      const result: RotationResult = { webhooks: rows.length, reencrypted: 0, alreadyRotated: 0 };
      for (const row of rows) {
        const secret = reencrypt(row.secret_encrypted, oldBox, newBox, row.id);
        // Every secret of a rotation grace period, expired ones too (they are dropped at the next rotation).
        const previous = row.previous_secrets.map((entry) => ({
          ...entry,
          secret: reencrypt(entry.secret, oldBox, newBox, row.id),
        }));
        const headers = Object.fromEntries(
          Object.entries(row.headers).map(([name, value]) => [
            name,
            reencrypt(value, oldBox, newBox, row.id),
          ]),
        );
        if (
          secret === row.secret_encrypted &&
          previous.every((entry, i) => entry.secret === row.previous_secrets[i]!.secret) &&
          Object.entries(headers).every(([name, value]) => value === row.headers[name])
        ) {
          result.alreadyRotated++;
          continue;
        }
        await tx.$executeRaw`UPDATE webhooks SET secret_encrypted = ${secret}, previous_secrets = ${JSON.stringify(previous)}::jsonb, headers = ${JSON.stringify(headers)}::jsonb WHERE id = ${row.id}::uuid`;
        result.reencrypted++;
      }
      return result;
    },
    { timeout: 10 * 60_000, maxWait: 10_000 },
  );
}

function reencrypt(ciphertext: string, oldBox: SecretBox, newBox: SecretBox, webhookId: string): string {
  const plaintext = tryDecrypt(oldBox, ciphertext);
  if (plaintext !== undefined) return newBox.encrypt(plaintext);
  if (tryDecrypt(newBox, ciphertext) !== undefined) return ciphertext;
  // Neither key opens it: stop before writing anything rather than lose a secret.
  throw new Error(
    `webhook ${webhookId}: a secret or header value decrypts with neither the old nor the new key`,
  );
}

function tryDecrypt(box: SecretBox, ciphertext: string): string | undefined {
  try {
    return box.decrypt(ciphertext);
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  const config = loadCliConfigOrExit("rotate-encryption-key", rotationConfig);
  if (config.SECRET_ENCRYPTION_KEY === config.NEW_SECRET_ENCRYPTION_KEY) {
    process.stderr.write("NEW_SECRET_ENCRYPTION_KEY is the same as SECRET_ENCRYPTION_KEY: nothing to do\n");
    process.exit(1);
  }
  const prisma = createPrismaClient(config.DATABASE_URL, { poolSize: 1 });
  try {
    const result = await rotateEncryptionKey(
      prisma,
      createSecretBox(config.SECRET_ENCRYPTION_KEY),
      createSecretBox(config.NEW_SECRET_ENCRYPTION_KEY),
    );
    process.stdout.write(
      `re-encrypted ${result.reencrypted} of ${result.webhooks} webhooks (${result.alreadyRotated} already under the new key)\n` +
        "now set SECRET_ENCRYPTION_KEY to the new key for every api and worker process\n",
    );
  } catch (error) {
    process.stderr.write(`rotation failed, nothing was changed: ${(error as Error).message}\n`);
    process.exitCode = 1;
  } finally {
    await prisma.$disconnect();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
