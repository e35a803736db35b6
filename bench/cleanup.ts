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
