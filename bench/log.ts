// Progress lines on stdout, each stamped with the time since the bench started, so a slow
// phase is visible while it runs and in a pasted log afterwards.
const started = performance.now();

export function say(line: string): void {
  const seconds = ((performance.now() - started) / 1000).toFixed(1).padStart(6);
  console.log(`[bench ${seconds}s] ${line}`);
}

export function elapsedSeconds(): number {
  return (performance.now() - started) / 1000;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// Wall-clock milliseconds with sub-millisecond resolution. Every process of the bench uses it,
// so a timestamp stamped in one (the scheduled send time) can be compared in another (receipt).
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

export const round = (value: number, digits = 0) => {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
};

// Each figure's median over rounds of the same figures, as "name value, name value, …".
export function medianLine(rows: Record<string, number>[]): string {
  const median = (key: string) => {
    const sorted = rows.map((row) => row[key]!).sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)]!;
  };
  return Object.keys(rows[0] ?? {})
    .map((key) => `${key} ${median(key)}`)
    .join(", ");
}
