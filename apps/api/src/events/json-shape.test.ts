import { describe, expect, it } from "vitest";
import { findJsonProblem } from "./json-shape.js";

const nested = (depth: number): unknown => (depth === 1 ? {} : { n: nested(depth - 1) });

describe("event data shape", () => {
  it.each([
    ["fine", { a: [1, "x", { b: null }] }, undefined],
    ["32 levels", nested(32), undefined],
    ["33 levels", nested(33), { path: Array(32).fill("n"), message: /deeper than 32 levels/ }],
    [
      "a NUL in a nested value",
      { a: [{ b: "ok" }, { c: "x\u0000" }] },
      { path: ["a", 1, "c"], message: /NUL/ },
    ],
    ["a NUL in a key", { a: { "k\u0000": 1 } }, { path: ["a", "k\u0000"], message: /NUL/ }],
    ["a lone surrogate", { a: ["ok", "\ud800"] }, { path: ["a", 1], message: /surrogate/ }],
  ])("%s", async (_name, data, expected) => {
    const problem = await findJsonProblem(data, 32);
    if (expected === undefined) return expect(problem).toBeUndefined();
    expect(problem?.path).toEqual(expected.path);
    expect(problem?.message).toMatch(expected.message);
  });

  it("walks 200,000 levels without a stack overflow", async () => {
    const deep = JSON.parse(`${"[".repeat(200_000)}${"]".repeat(200_000)}`);
    expect((await findJsonProblem({ deep }, 32))?.path).toHaveLength(32);
  });

  it("reads __proto__ as an ordinary key", async () => {
    const data = JSON.parse('{"__proto__": {"x": "\\u0000"}}');
    expect(await findJsonProblem(data, 32)).toMatchObject({ path: ["__proto__", "x"] });
  });
});
