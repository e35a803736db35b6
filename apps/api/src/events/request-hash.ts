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
  // Pieces are joined and hashed in chunks: one update per piece cost more than the hashing.
  let pending = "";
  const write = (piece: string) => {
    pending += piece;
    if (pending.length >= 16_384) {
      hash.update(pending);
      pending = "";
    }
  };
  const slice = timeSlice();
  const stack: Frame[] = [];
  const open = (value: unknown) => {
    if (Array.isArray(value)) {
      write("[");
      stack.push({ kind: "array", items: value, next: 0 });
    } else if (value !== null && typeof value === "object") {
      write("{");
      const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      stack.push({ kind: "object", entries, next: 0 });
    } else {
      write(String(JSON.stringify(value)));
    }
  };
  open({ type, data });
  while (stack.length > 0) {
    if (slice.due()) await slice.pause();
    const frame = stack.at(-1)!;
    const index = frame.next++;
    const length = frame.kind === "array" ? frame.items.length : frame.entries.length;
    if (index === length) {
      write(frame.kind === "array" ? "]" : "}");
      stack.pop();
      continue;
    }
    if (index > 0) write(",");
    if (frame.kind === "array") open(frame.items[index]);
    else {
      const [key, item] = frame.entries[index]!;
      write(`${JSON.stringify(key)}:`);
      open(item);
    }
  }
  hash.update(pending);
  return hash.digest("hex");
}
