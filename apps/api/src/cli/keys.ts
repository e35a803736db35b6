// API key management: `npm run -s keys -- create|list|revoke` (also inside the container). Beside a
// running `npm run dev` it finds the database by itself (.herald/dev.env); -s keeps npm's banner
// off stdout, so --json output pipes straight into jq.
//   create --account ACME --name billing --scopes webhooks:write,events:write [--json]
//   create --account vendor --name producer --scopes 'accounts:*,*' [--json]   (a service key)
//   list [--account ACME] [--json]
//   revoke <key id> [--json]
// Keys are printed once, at creation; only their hash is stored.
import { parseArgs } from "node:util";
import { createPrismaClient } from "@herald/db";
import { env, loadCliConfigOrExit } from "@herald/runtime";
import { z } from "zod";
import { createKey, parseScopes, SCOPES, SERVICE_SCOPE } from "../auth/api-keys.js";

const USAGE = `usage:
  npm run -s keys -- create --account <name> --name <key name> --scopes <scope,scope|*> [--json]
  npm run -s keys -- list [--account <name>] [--json]
  npm run -s keys -- revoke <key id> [--json]
scopes: ${[...SCOPES, "*"].join(", ")}
service key: add ${SERVICE_SCOPE} (e.g. --scopes '${SERVICE_SCOPE},*'): it acts for any account named in the
  Herald-Account header and manages accounts and keys through /v1/accounts`;

class UsageError extends Error {}

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      account: { type: "string" },
      name: { type: "string" },
      scopes: { type: "string" },
      json: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return;
  }
  const config = loadCliConfigOrExit(
    "keys",
    z.object({ DATABASE_URL: env.url(["postgres:", "postgresql:"], "the Postgres connection string") }),
  );
  const prisma = createPrismaClient(config.DATABASE_URL, { poolSize: 1 });
  try {
    const print = (json: unknown, text: string) => console.log(values.json ? JSON.stringify(json) : text);
    if (command === "create") {
      const account = required(values.account, "--account");
      const name = required(values.name, "--name");
      const { scopes, unknown } = parseScopes(required(values.scopes, "--scopes"));
      if (unknown.length > 0) throw new UsageError(`unknown scope(s): ${unknown.join(", ")}`);
      if (scopes.length === 0) throw new UsageError("--scopes needs at least one scope");
      const created = await createKey(prisma, { account, name, scopes });
      print(
        created,
        `created key ${created.id} for account ${account} (${scopes.join(", ")})\n\n  ${created.key}\n\nStore it now: it is not shown again.`,
      );
    } else if (command === "list") {
      const keys = await prisma.apiKey.findMany({
        where: values.account ? { account: { name: values.account } } : {},
        include: { account: { select: { name: true } } },
        orderBy: { createdAt: "asc" },
      });
      const rows = keys.map((key) => ({
        id: key.id,
        account: key.account.name,
        name: key.name,
        prefix: `${key.keyPrefix}…`,
        scopes: key.scopes,
        created_at: key.createdAt.toISOString(),
        last_used_at: key.lastUsedAt?.toISOString() ?? null,
        revoked_at: key.revokedAt?.toISOString() ?? null,
      }));
      print(
        rows,
        rows.length === 0
          ? "no keys"
          : rows
              .map(
                (r) =>
                  `${r.id}  ${r.account}  ${r.name}  ${r.prefix}  ${r.scopes.join(",")}${r.revoked_at ? "  REVOKED" : ""}`,
              )
              .join("\n"),
      );
    } else if (command === "revoke") {
      const id = rest[0];
      if (!id || !z.uuid().safeParse(id).success)
        throw new UsageError("revoke needs a key id (uuid) from `keys list`");
      const key = await prisma.apiKey.findUnique({ where: { id } });
      if (!key) throw new UsageError(`no key with id ${id}`);
      const revoked =
        key.revokedAt ??
        (await prisma.apiKey.update({ where: { id }, data: { revokedAt: new Date() } })).revokedAt;
      print({ id, revoked_at: revoked?.toISOString() }, `revoked key ${id}`);
    } else {
      throw new UsageError(`unknown command "${command}"`);
    }
  } finally {
    await prisma.$disconnect();
  }
}

function required(value: string | undefined, flag: string): string {
  if (!value?.trim()) throw new UsageError(`${flag} is required`);
  return value.trim();
}

try {
  await main(process.argv.slice(2));
} catch (error) {
  const usage =
    error instanceof UsageError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS");
  process.stderr.write(`keys: ${(error as Error).message}${usage ? `\n\n${USAGE}` : ""}\n`);
  process.exitCode = usage ? 2 : 1;
}
