// The in-flight caps' scripts against a real Redis: all or nothing across caps, waiters queued
// on the cap that refused them and handed out one per freed slot, every key under the prefix.
import { randomBytes } from "node:crypto";
import { redisForTest } from "@herald/local-stack/testing";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { type Cap, capsOf, createEndpointSlots, destinationOf } from "./endpoint-slots.js";

const { url, prefix } = redisForTest();
const redis = new Redis(url);
afterAll(() => redis.quit());

const slots = createEndpointSlots(redis, {
  prefix,
  limits: { webhook: 2, destination: 3, account: 4 },
  leaseMs: 10_000,
  waitTtlMs: 10_000,
});
const id = () => randomBytes(4).toString("hex");
const route = (destination: string, account: string) =>
  capsOf({ webhookId: id(), accountId: account, destination });

describe("endpoint slots", () => {
  it("admits up to each cap and refuses all or nothing, naming the cap that is full", async () => {
    const destination = `https://${id()}.example:443`;
    const account = id();
    const [a, b] = [route(destination, account), route(destination, account)];
    for (const holder of ["1", "2"]) expect(await slots.acquire(a, holder)).toEqual({ admitted: true });
    expect(await slots.acquire(a, "3")).toEqual({
      admitted: false,
      cap: a[0],
      limit: 2,
      position: 0,
    });
    expect(await slots.acquire(b, "3")).toEqual({ admitted: true });
    // The destination holds 3 now: another webhook of another account is refused there.
    const c = route(destination, id());
    const refused = await slots.acquire(c, "4");
    expect(refused).toMatchObject({ admitted: false, cap: { kind: "destination", id: destination } });
    // Nothing was taken under the webhook and account caps that had room.
    expect(await slots.inFlight(c[0]!)).toBe(0);
    expect(await slots.inFlight(c[2]!)).toBe(0);
    expect(await slots.inFlight({ kind: "account", id: account })).toBe(3);
  });

  it("queues refused waiters in order and wakes one per freed slot", async () => {
    const caps = route(`https://${id()}.example:443`, id());
    await slots.acquire(caps, "h1");
    await slots.acquire(caps, "h2");
    expect(await slots.acquire(caps, "x", "job-a")).toMatchObject({ admitted: false, position: 0 });
    expect(await slots.acquire(caps, "y", "job-b")).toMatchObject({ admitted: false, position: 1 });
    // Refused again, a waiter keeps its place.
    expect(await slots.acquire(caps, "x", "job-a")).toMatchObject({ admitted: false, position: 0 });
    expect(await slots.release(caps, "h1")).toEqual(["job-a"]);
    // Releasing a slot not held wakes nobody.
    expect(await slots.release(caps, "h1")).toEqual([]);
    expect(await slots.acquire(caps, "x", "job-a")).toEqual({ admitted: true });
    expect(await slots.release(caps, "h2")).toEqual(["job-b"]);
    expect(await slots.release(caps, "x")).toEqual([]);
  });

  it("keeps a waiter on the list of the cap that refused it last only, so another cap's release wakes a real waiter", async () => {
    const destination = `https://${id()}.example:443`;
    const x = route(destination, id());
    const y = route(destination, id());
    // The destination is full (3 holders of other webhooks): x and then y wait on it.
    for (const holder of ["d1", "d2", "d3"]) await slots.acquire(route(destination, id()), holder);
    expect(await slots.acquire(x, "x", "job-x")).toMatchObject({
      admitted: false,
      cap: { kind: "destination" },
    });
    expect(await slots.acquire(y, "y", "job-y")).toMatchObject({ admitted: false, position: 1 });
    // x's own webhook fills up meanwhile: refused again, x now waits on its webhook cap.
    await slots.acquire([x[0]!], "w1");
    await slots.acquire([x[0]!], "w2");
    expect(await slots.acquire(x, "x", "job-x")).toMatchObject({ admitted: false, cap: { kind: "webhook" } });
    // A destination slot frees: y, the one job that can use it, is woken, not x.
    expect(await slots.release([{ kind: "destination", id: destination }], "d1")).toEqual(["job-y"]);
    expect(await slots.release([x[0]!], "w1")).toEqual(["job-x"]);
  });

  it("takes a job that a pause or a breaker refuses off the caps' waiter lists", async () => {
    const destination = `https://${id()}.example:443`;
    const [x, y] = [route(destination, id()), route(destination, id())];
    for (const holder of ["g1", "g2", "g3"]) await slots.acquire(route(destination, id()), holder);
    expect(await slots.acquire(x, "x", "job-gx")).toMatchObject({
      admitted: false,
      cap: { kind: "destination" },
    });
    expect(await slots.acquire(y, "y", "job-gy")).toMatchObject({ admitted: false, position: 1 });
    // x's webhook is paused meanwhile (a receiver's Retry-After): x now sleeps until then.
    const gate = { webhookId: x[0]!.id, destination };
    await slots.settle([], "nobody", gate, { kind: "fail", retryAfterMs: 60_000 });
    expect(await slots.acquire(x, "x", "job-gx", null, gate)).toMatchObject({
      admitted: false,
      gate: "paused",
    });
    // A destination slot frees: y, which can use it, is woken, not the paused x.
    expect(await slots.release([{ kind: "destination", id: destination }], "g1")).toEqual(["job-gy"]);
  });

  it("holds a webhook to its own max_in_flight below the global cap", async () => {
    const caps = capsOf({
      webhookId: id(),
      accountId: id(),
      destination: `https://${id()}.example:443`,
      maxInFlight: 1,
    });
    expect(await slots.acquire(caps, "m1")).toEqual({ admitted: true });
    expect(await slots.acquire(caps, "m2")).toMatchObject({
      admitted: false,
      cap: { kind: "webhook" },
      limit: 1,
    });
    await slots.release(caps, "m1");
    expect(await slots.acquire(caps, "m2")).toEqual({ admitted: true });
  });

  it("lets a rate-limited webhook's requests through one interval apart, taking no slot when refused", async () => {
    const caps = route(`https://${id()}.example:443`, id());
    // 2 per second: one request every 500 ms.
    const rate = { webhookId: caps[0]!.id, perSecond: 2 };
    expect(await slots.acquire(caps, "r1", "job-1", rate)).toEqual({ admitted: true });
    await slots.release(caps, "r1");
    const second = await slots.acquire(caps, "r2", "job-2", rate);
    expect(second).toMatchObject({ admitted: false, rate });
    const third = await slots.acquire(caps, "r3", "job-3", rate);
    // The second waiter is told its turn comes one interval after the first one's.
    if (second.admitted || !("rate" in second) || third.admitted || !("rate" in third))
      throw new Error("admitted");
    expect(second.waitMs).toBeGreaterThan(0);
    expect(second.waitMs).toBeLessThanOrEqual(500);
    expect(third.waitMs - second.waitMs).toBeGreaterThan(400);
    expect(await slots.inFlight(caps[0]!)).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, second.waitMs + 5));
    expect(await slots.acquire(caps, "r2", "job-2", rate)).toEqual({ admitted: true });
    // Admitted, the waiter left the queue: the next one is first in line now.
    const again = await slots.acquire(caps, "r3", "job-3", rate);
    expect(again).toMatchObject({ admitted: false });
    if (again.admitted || !("rate" in again)) throw new Error("admitted");
    expect(again.waitMs).toBeLessThanOrEqual(500);
  });

  it("opens a destination's breaker after consecutive failures, lets one probe through, and grows the cool-down", async () => {
    const gated = createEndpointSlots(redis, {
      prefix,
      limits: { webhook: 5, destination: 5, account: 5 },
      leaseMs: 10_000,
      waitTtlMs: 10_000,
      breaker: { failures: 2, cooldownMs: 200, maxCooldownMs: 300 },
    });
    const caps = route(`https://${id()}.example:443`, id());
    const gate = { webhookId: caps[0]!.id, destination: caps[1]!.id };
    const attempt = async (holder: string) => gated.acquire(caps, holder, holder, null, gate);
    const fail = { kind: "fail" as const, retryAfterMs: null };
    expect(await attempt("a1")).toEqual({ admitted: true });
    expect((await gated.settle(caps, "a1", gate, fail)).openedUntil).toBeNull();
    expect(await attempt("a2")).toEqual({ admitted: true });
    const opened = (await gated.settle(caps, "a2", gate, fail)).openedUntil;
    expect(opened).toBeInstanceOf(Date);
    const refused = await attempt("a3");
    expect(refused).toMatchObject({ admitted: false, gate: "breaker" });
    expect(await gated.circuitOf(gate.destination)).toEqual({
      circuit: "open",
      circuit_retry_at: opened!.toISOString(),
    });
    if (refused.admitted || !("gate" in refused)) throw new Error("admitted");
    await new Promise((resolve) => setTimeout(resolve, refused.waitMs + 5));
    // The cool-down is over: one probe, and nobody else while it is out.
    expect(await attempt("probe")).toEqual({ admitted: true, probe: true });
    expect(await attempt("other")).toMatchObject({ admitted: false, gate: "breaker" });
    expect((await gated.circuitOf(gate.destination)).circuit).toBe("half_open");
    // The probe fails: open again, for twice as long (capped at 300 ms).
    const reopened = await gated.settle(caps, "probe", gate, fail);
    const again = await attempt("a4");
    if (again.admitted || !("gate" in again)) throw new Error("admitted");
    expect(again.waitMs).toBeGreaterThan(200);
    expect(reopened.openedUntil).toBeInstanceOf(Date);
    await new Promise((resolve) => setTimeout(resolve, again.waitMs + 5));
    expect(await attempt("probe2")).toEqual({ admitted: true, probe: true });
    await gated.settle(caps, "probe2", gate, { kind: "ok" });
    expect(await gated.circuitOf(gate.destination)).toEqual({ circuit: "closed", circuit_retry_at: null });
    expect(await attempt("a5")).toEqual({ admitted: true });
    await gated.settle(caps, "a5", gate, { kind: "none" });
    expect(await gated.inFlight(caps[0]!)).toBe(0);
  });

  it("pauses a whole webhook for a receiver's Retry-After", async () => {
    const caps = route(`https://${id()}.example:443`, id());
    const gate = { webhookId: caps[0]!.id, destination: caps[1]!.id };
    expect(await slots.acquire(caps, "p1", "p1", null, gate)).toEqual({ admitted: true });
    await slots.settle(caps, "p1", gate, { kind: "fail", retryAfterMs: 5_000 });
    const paused = await slots.acquire(caps, "p2", "p2", null, gate);
    expect(paused).toMatchObject({ admitted: false, gate: "paused" });
    if (paused.admitted || !("gate" in paused)) throw new Error("admitted");
    expect(paused.waitMs).toBeGreaterThan(4_000);
    expect(paused.waitMs).toBeLessThanOrEqual(5_000);
    // Another webhook at the same destination is not paused.
    const other = { webhookId: id(), destination: gate.destination };
    expect(await slots.acquire([], "p3", "p3", null, other)).toEqual({ admitted: true });
  });

  it("keeps every key under the queue prefix", async () => {
    const caps: Cap[] = route("https://keys.example:443", id());
    await slots.acquire(caps, "k1");
    await slots.acquire([caps[0]!], "k2");
    await slots.acquire([caps[0]!], "k3", "waiting-job");
    await slots.acquire([], "k4", "rate-job", { webhookId: caps[0]!.id, perSecond: 1 });
    await slots.acquire([], "k5", "rate-job-2", { webhookId: caps[0]!.id, perSecond: 1 });
    const keys = await redis.keys(`*${caps[0]!.id}*`);
    expect(keys.length).toBe(4);
    for (const key of keys) expect(key.startsWith(`${prefix}:`)).toBe(true);
  });
});

describe("destinationOf", () => {
  it("is scheme, host and port, the default port made explicit", () => {
    expect(destinationOf("https://A.example/hooks?x=1")).toBe("https://a.example:443");
    expect(destinationOf("https://a.example:443/other")).toBe("https://a.example:443");
    expect(destinationOf("http://a.example/")).toBe("http://a.example:80");
    expect(destinationOf("https://a.example:8443/")).toBe("https://a.example:8443");
    expect(destinationOf("https://[2001:db8::1]/")).toBe("https://[2001:db8::1]:443");
  });
});
