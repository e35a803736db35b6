import { timeSlice } from "./time-slice.js";

// Event data as the producer sent it: checked in one pass, without recursion and without
// copying, so the cost is linear in the body's size and a `__proto__` key stays an ordinary
// key of the object that is stored and delivered. The walk runs in time slices, so a big body
// never holds the event loop for long.

export interface JsonProblem {
  path: (string | number)[];
  message: string;
}

export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// The first problem in `root`: nesting deeper than `maxDepth` (the root object is depth 1),
// or a string (value or key) that Postgres JSON cannot hold. The walk keeps only two flat
// stacks (values and their depths); the path to a problem is found by a second walk.
export async function findJsonProblem(root: unknown, maxDepth: number): Promise<JsonProblem | undefined> {
  const slice = timeSlice();
  const values: unknown[] = [root];
  const depths: number[] = [1];
  while (values.length > 0) {
    if (slice.due()) await slice.pause();
    const value = values.pop();
    const depth = depths.pop()!;
    if (typeof value === "string") {
      if (unstorable(value)) return locate(root, maxDepth);
      continue;
    }
    if (typeof value !== "object" || value === null) continue;
    if (depth > maxDepth) return locate(root, maxDepth);
    if (Array.isArray(value)) {
      for (const item of value) {
        if (slice.due()) await slice.pause();
        if (typeof item === "object" && item !== null) {
          values.push(item);
          depths.push(depth + 1);
        } else if (typeof item === "string" && unstorable(item)) return locate(root, maxDepth);
      }
      continue;
    }
    for (const key of Object.keys(value)) {
      if (slice.due()) await slice.pause();
      if (unstorable(key)) return locate(root, maxDepth);
      const item = (value as Record<string, unknown>)[key];
      if (typeof item === "object" && item !== null) {
        values.push(item);
        depths.push(depth + 1);
      } else if (typeof item === "string" && unstorable(item)) return locate(root, maxDepth);
    }
  }
  return undefined;
}

function unstorable(text: string): string | undefined {
  if (text.includes("\u0000")) return "contains a NUL character (\\u0000)";
  if (!text.isWellFormed()) return "contains an unpaired UTF-16 surrogate";
  return undefined;
}

interface Pending {
  value: unknown;
  depth: number;
  key: string | number | undefined;
  parent: Pending | undefined;
}

// The same walk again, once a problem is known, keeping each value's parent so the path to the
// first problem can be named. Still iterative: its cost is linear, its stack use constant.
async function locate(root: unknown, maxDepth: number): Promise<JsonProblem> {
  const slice = timeSlice();
  const stack: Pending[] = [{ value: root, depth: 1, key: undefined, parent: undefined }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    if (slice.due()) await slice.pause();
    const { value, depth } = item;
    if (typeof value === "string") {
      const message = unstorable(value);
      if (message) return { path: pathOf(item), message };
      continue;
    }
    if (typeof value !== "object" || value === null) continue;
    if (depth > maxDepth) {
      return { path: pathOf(item), message: `is nested deeper than ${maxDepth} levels (MAX_JSON_DEPTH)` };
    }
    if (Array.isArray(value)) {
      for (let index = value.length - 1; index >= 0; index--) {
        if (slice.due()) await slice.pause();
        stack.push({ value: value[index], depth: depth + 1, key: index, parent: item });
      }
      continue;
    }
    const keys = Object.keys(value);
    for (let index = keys.length - 1; index >= 0; index--) {
      if (slice.due()) await slice.pause();
      const key = keys[index]!;
      const message = unstorable(key);
      if (message) return { path: pathOf({ value: undefined, depth, key, parent: item }), message };
      stack.push({ value: (value as Record<string, unknown>)[key], depth: depth + 1, key, parent: item });
    }
  }
  return { path: [], message: "is not storable" };
}

function pathOf(item: Pending): (string | number)[] {
  const path: (string | number)[] = [];
  for (let at: Pending | undefined = item; at?.key !== undefined; at = at.parent) path.push(at.key);
  return path.reverse();
}
