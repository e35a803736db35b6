// For tests only (no `index.ts` export).
import type { LookupAddress } from "node:dns";
import { isIP } from "node:net";
import type { Resolve } from "./guarded-lookup.js";

// A resolver playing a script, one answer per call (the last repeats): the same name can
// resolve one way when first looked up and another way later (DNS rebinding).
export function scriptedResolver(...answers: string[][]): Resolve & { calls: string[] } {
  const calls: string[] = [];
  const resolve = (hostname: string, _options: unknown, callback: Parameters<Resolve>[2]) => {
    const answer = answers[Math.min(calls.length, answers.length - 1)] ?? [];
    calls.push(hostname);
    const addresses: LookupAddress[] = answer.map((address) => ({ address, family: isIP(address) }));
    queueMicrotask(() => callback(null, addresses));
  };
  return Object.assign(resolve, { calls });
}
