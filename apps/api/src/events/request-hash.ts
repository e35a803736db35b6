import { createHash } from "node:crypto";
import { timeSlice } from "./time-slice.js";

type Frame =
  | { kind: "array"; items: unknown[]; next: number }
  | { kind: "object"; entries: [string, unknown][]; next: number };

// sha256 of the request's canonical JSON: objects with their keys sorted, so key order does not
// change the hash ({"a":1,"b":2} and {"b":2,"a":1} are the same request). Written piece by piece
// into the hash, iteratively and in time slices: no string of the whole body is built, no
// recursion follows the input, and a big body never blocks the event loop for long.
export async function hashRequest(type: string, data: unknown): Promise<string> {
  const hash = createHash("sha256");
  const slice = timeSlice();
  const stack: Frame[] = [];
  const open = (value: unknown) => {
    if (Array.isArray(value)) {
      hash.update("[");
      stack.push({ kind: "array", items: value, next: 0 });
    } else if (value !== null && typeof value === "object") {
      hash.update("{");
      const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      stack.push({ kind: "object", entries, next: 0 });
    } else {
      hash.update(String(JSON.stringify(value)));
    }
  };
  open({ type, data });
  while (stack.length > 0) {
    if (slice.due()) await slice.pause();
    const frame = stack.at(-1)!;
    const index = frame.next++;
    const length = frame.kind === "array" ? frame.items.length : frame.entries.length;
    if (index === length) {
      hash.update(frame.kind === "array" ? "]" : "}");
      stack.pop();
      continue;
    }
    if (index > 0) hash.update(",");
    if (frame.kind === "array") open(frame.items[index]);
    else {
      const [key, item] = frame.entries[index]!;
      hash.update(`${JSON.stringify(key)}:`);
      open(item);
    }
  }
  return hash.digest("hex");
}
