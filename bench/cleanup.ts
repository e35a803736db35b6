// Everything the bench starts registers how to stop it here. A normal end, an error and
// Ctrl-C (SIGINT/SIGTERM) all run the same list, newest first, so the apps stop before the
// Redis and Postgres they use and no process or port is left behind.
import { say } from "./log.js";

interface Cleanup {
  name: string;
  run: () => Promise<unknown>;
}

const cleanups: Cleanup[] = [];
let running: Promise<void> | undefined;

// Returns a function that runs this cleanup now (and only once), e.g. when a phase is done
// with a process before the bench ends.
export function onCleanup(name: string, run: () => Promise<unknown>): () => Promise<void> {
  const entry: Cleanup = { name, run };
  cleanups.push(entry);
  return async () => {
    const index = cleanups.indexOf(entry);
    if (index === -1) return;
    cleanups.splice(index, 1);
    await entry.run();
  };
}

export function cleanupAll(): Promise<void> {
  running ??= (async () => {
    while (cleanups.length > 0) {
      const entry = cleanups.pop()!;
      try {
        await entry.run();
      } catch (error) {
        say(`cleanup of ${entry.name} failed: ${(error as Error).message}`);
      }
    }
  })();
  return running;
}

// The first Ctrl-C stops everything and exits; further ones (a terminal may send several)
// do not cut the cleanup short.
export function stopOnSignals(): void {
  const stop = (signal: NodeJS.Signals) => {
    if (running) return;
    say(`${signal}: stopping everything the bench started…`);
    void cleanupAll().then(() => {
      say("stopped; nothing left running");
      process.exit(130);
    });
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

// A bench program's whole life: run it, say why it failed, stop everything it started (also on
// Ctrl-C), then exit 0 or 1.
export async function runProgram(run: () => Promise<void>, atEnd?: () => void): Promise<never> {
  stopOnSignals();
  let exitCode = 0;
  try {
    await run();
  } catch (error) {
    exitCode = 1;
    say(`failed: ${(error as Error).stack ?? error}`);
  } finally {
    await cleanupAll();
    atEnd?.();
  }
  process.exit(exitCode);
}

// `--name value` from the command line as a number, else the fallback.
export function numberOption(name: string, fallback: number): number {
  const args = process.argv.slice(2);
  const index = args.indexOf(name);
  return index === -1 ? fallback : Number(args[index + 1]);
}
