// Rejects when `work` has not settled within `ms`; the timer never keeps the process alive.
export async function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
    timer.unref();
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

// For readiness checks: "ok" when the dependency answers within a second.
export async function probe(check: () => Promise<unknown>, ms = 1000): Promise<"ok" | "unreachable"> {
  try {
    await withTimeout(check(), ms, "probe");
    return "ok";
  } catch {
    return "unreachable";
  }
}
