import { describe, expect, it } from "vitest";
import { rawJsonArrayItems, rawJsonMember } from "./raw-json-member.js";

describe("rawJsonMember", () => {
  it("returns the member's text exactly as written: key order, spacing, big integers", () => {
    const data = '{"i":0, "zeta":1,"a":{"y":1,"x":2},"big":12345678901234567890}';
    const body = `{ "type" : "product.scored",\n  "data" : ${data} ,"id":"k"}`;
    expect(rawJsonMember(body, "data")).toBe(data);
    expect(rawJsonMember(body, "type")).toBe('"product.scored"');
    expect(rawJsonMember(body, "id")).toBe('"k"');
  });

  it("is not fooled by braces, quotes and escapes inside strings or by nested keys named alike", () => {
    const data = '{"s":"}\\"{[","data":[1,{"data":"x"}],"e":"\\\\"}';
    const body = `{"data":${data}}`;
    expect(rawJsonMember(body, "data")).toBe(data);
    expect(JSON.parse(rawJsonMember(body, "data")!)).toEqual(JSON.parse(body).data);
  });

  it("agrees with JSON.parse on escaped key names, repeated keys, primitives and absence", () => {
    expect(rawJsonMember('{"d\\u0061ta":{"a":1}}', "data")).toBe('{"a":1}');
    expect(rawJsonMember('{"data":{"a":1},"data":{"b":2}}', "data")).toBe('{"b":2}');
    expect(rawJsonMember('{"data":-1.5e3}', "data")).toBe("-1.5e3");
    expect(rawJsonMember('{"type":"t"}', "data")).toBeUndefined();
    expect(rawJsonMember("[1,2]", "data")).toBeUndefined();
    expect(rawJsonMember('\ufeff{"data":true}', "data")).toBe("true");
  });
});

describe("rawJsonArrayItems", () => {
  it("returns each element's text as written, in order, nested arrays and strings included", () => {
    const items = ['{"type":"a","data":{"n":1.50}}', ' "],[" ', "[1,[2]]", "null"];
    const text = ` [ ${items.join(" ,\n")} ] `;
    expect(rawJsonArrayItems(text)).toEqual(items.map((item) => item.trim()));
    expect(rawJsonArrayItems("[]")).toEqual([]);
    expect(rawJsonArrayItems('{"a":1}')).toEqual([]);
  });
});

describe("rawJsonMember and rawJsonArrayItems on generated JSON", () => {
  // Strings full of what the scanner must step over: quotes, runs of backslashes before them,
  // brackets, commas and spaces.
  const pieces = ['"', "\\", "\\\\", '\\"', "{", "}", "[", "]", ",", " ", "\n", "a", "é", "\u2028"];
  let seed = 7;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]!;
  const value = (depth: number): unknown => {
    const kind = depth > 3 ? Math.floor(random() * 3) : Math.floor(random() * 5);
    if (kind === 0) return Array.from({ length: Math.floor(random() * 6) }, () => pick(pieces)).join("");
    if (kind === 1) return pick([0, -1.5e3, 12, true, false, null]);
    if (kind === 2) return pick(["", "x", '\\"', "\\\\"]);
    if (kind === 3) return Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1));
    return Object.fromEntries(
      Array.from({ length: Math.floor(random() * 4) }, (_, i) => [`${pick(pieces)}${i}`, value(depth + 1)]),
    );
  };

  it("finds each member and element exactly as JSON.stringify wrote it, in 500 generated documents", () => {
    for (let n = 0; n < 500; n++) {
      const data = value(0);
      const before = value(1);
      const written = JSON.stringify(data, null, n % 2 === 0 ? undefined : 1);
      const body = `{"before":${JSON.stringify(before)}, "data" : ${written} ,"after":"\\\\"}`;
      expect(rawJsonMember(body, "data")).toBe(written);
      expect(JSON.parse(rawJsonMember(body, "before")!)).toEqual(before);
      const items = [data, before, "\\", '"'].map((item) => JSON.stringify(item));
      expect(rawJsonArrayItems(`[ ${items.join(" ,")} ]`)).toEqual(items);
    }
  });
});
