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
