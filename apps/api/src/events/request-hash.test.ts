import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hashRequest } from "./request-hash.js";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

describe("request hash", () => {
  it("hashes the canonical JSON: keys sorted at every level, arrays in order", async () => {
    const data = { b: 1, a: [1, { d: 2, c: "x" }, [], {}], é: null, e: true };
    expect(await hashRequest("t", data)).toBe(
      sha256('{"data":{"a":[1,{"c":"x","d":2},[],{}],"b":1,"e":true,"é":null},"type":"t"}'),
    );
  });

  it("does not depend on key order", async () => {
    expect(await hashRequest("t", { a: 1, b: { c: 2, d: 3 } })).toBe(
      await hashRequest("t", { b: { d: 3, c: 2 }, a: 1 }),
    );
  });

  it("hashes 100,000 levels without a stack overflow", async () => {
    const deep = JSON.parse(`${"[".repeat(100_000)}${"]".repeat(100_000)}`);
    expect(await hashRequest("t", { deep })).toBe(
      sha256(`{"data":{"deep":${"[".repeat(100_000)}${"]".repeat(100_000)}},"type":"t"}`),
    );
  });
});
