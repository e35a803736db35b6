import { describe, expect, it } from "vitest";
import { idFloor, sameMillisecond, timeOfId, uuidv7, uuidv7Like } from "./time-ids.js";

describe("time ids", () => {
  it("carry their millisecond, sort by it, and are valid version-7 UUIDs", () => {
    const at = new Date("2026-12-01T10:11:12.345Z");
    const id = uuidv7(at);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(timeOfId(id)).toEqual(at);
    expect(idFloor(at) <= id).toBe(true);
    expect(id < idFloor(new Date(at.getTime() + 1))).toBe(true);
    expect(uuidv7(new Date(at.getTime() - 1)) < id).toBe(true);
  });

  it("make a sibling id in the same millisecond with other random bits", () => {
    const id = uuidv7(new Date("2026-12-01T00:00:00.000Z"));
    const sibling = uuidv7Like(id);
    expect(sibling).not.toBe(id);
    // All but the last 12 hex digits: deliveries sort as their events do.
    expect(sibling.slice(0, 24)).toBe(id.slice(0, 24));
    expect(timeOfId(sibling)).toEqual(timeOfId(id));
    const [low, high] = sameMillisecond(id);
    expect(low).toBe(idFloor(timeOfId(id)));
    expect(low < id && id < high && low < sibling && sibling < high).toBe(true);
    expect(high).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-ffff-ffff-ffffffffffff$/);
    expect(high < idFloor(new Date(timeOfId(id).getTime() + 1))).toBe(true);
  });
});
