import { startReceiver } from "@herald/local-stack/receiver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseNetworks } from "./address-policy.js";
import { createDeliveryHttp, type DeliveryHttp } from "./delivery-http.js";
import { scriptedResolver } from "./scripted-resolver.test-support.js";

let receiver: Awaited<ReturnType<typeof startReceiver>>;
let http: DeliveryHttp;
let blockingHttp: DeliveryHttp;
const options = { timeoutMs: 1500, bodyLimitBytes: 64 * 1024, userAgent: "Herald/test" };

beforeAll(async () => {
  receiver = await startReceiver();
  http = createDeliveryHttp({ ...options, allowedNetworks: parseNetworks(["127.0.0.0/8"]) });
  blockingHttp = createDeliveryHttp({ ...options, allowedNetworks: parseNetworks([]) });
});

afterAll(async () => {
  http.close();
  blockingHttp.close();
  await receiver.stop();
});

const post = (url: string, client = http) => client.post(url, { "webhook-id": "m1" }, '{"a":1}');

describe("delivery HTTP", () => {
  it("counts a 2xx as success and keeps the start of the body", async () => {
    const url = receiver.endpoint("ok", { status: 201, body: "thanks" });
    const result = await post(url);
    expect(result).toMatchObject({
      outcome: "success",
      statusCode: 201,
      responseSnippet: "thanks",
      error: null,
    });
    const [request] = receiver.requests("ok");
    expect(request?.headers["content-type"]).toBe("application/json");
    expect(request?.headers["user-agent"]).toBe("Herald/test");
    expect(request?.body).toBe('{"a":1}');
  });

  it("reports non-2xx as http_error with Retry-After on 429/503", async () => {
    const url = receiver.endpoint("busy", { status: 503, headers: { "retry-after": "7" } });
    expect(await post(url)).toMatchObject({ outcome: "http_error", statusCode: 503, retryAfterMs: 7000 });
    const notFound = receiver.endpoint("nf", { status: 404, headers: { "retry-after": "7" } });
    expect(await post(notFound)).toMatchObject({
      outcome: "http_error",
      statusCode: 404,
      retryAfterMs: null,
    });
  });

  it("never follows redirects", async () => {
    const target = receiver.endpoint("target", { status: 200 });
    const url = receiver.endpoint("redirect", { mode: "redirect", location: target });
    expect(await post(url)).toMatchObject({ outcome: "http_error", statusCode: 302 });
    expect(receiver.requests("target")).toHaveLength(0);
  });

  it("times out a hanging or trickling receiver within the whole-request timeout", async () => {
    for (const [name, behaviour] of [
      ["hang", { mode: "hang" }],
      ["trickle", { mode: "trickle", intervalMs: 200 }],
    ] as const) {
      const result = await post(receiver.endpoint(name, behaviour));
      expect(result.outcome, name).toBe("timeout");
      // Never early; a trickle the whole-request timeout did not end would never end.
      expect(result.durationMs, name).toBeGreaterThanOrEqual(1400);
    }
  });

  it("holds a webhook's own shorter timeout, and the client's otherwise", async () => {
    const url = receiver.endpoint("slow", { status: 200, delayMs: 700 });
    const own = await http.post(url, { "webhook-id": "m2" }, "{}", 200);
    expect(own.outcome).toBe("timeout");
    expect(await http.post(url, { "webhook-id": "m3" }, "{}", null)).toMatchObject({ outcome: "success" });
  });

  it("stops reading a huge body or a gzip bomb at the cap", async () => {
    const huge = await post(receiver.endpoint("huge", { mode: "huge", bytes: 50 * 1024 * 1024 }));
    expect(huge).toMatchObject({ outcome: "network_error", statusCode: 200 });
    expect(huge.error).toMatch(/exceeded 65536 bytes/);
    expect(huge.responseSnippet).toHaveLength(4096);
    const bomb = await post(
      receiver.endpoint("bomb", { mode: "gzip-bomb", decompressedBytes: 50 * 1024 * 1024 }),
    );
    expect(bomb).toMatchObject({ outcome: "network_error", statusCode: 200 });
    expect(bomb.error).toMatch(/exceeded/);
  });

  it("counts a connection reset before the body ends as a network error", async () => {
    const result = await post(receiver.endpoint("reset", { mode: "reset-mid-body" }));
    expect(result.outcome).toBe("network_error");
    expect(result.statusCode).toBe(200);
  });

  it("blocks loopback targets unless allowed, by literal address and by name", async () => {
    const url = receiver.endpoint("guarded", { status: 200 });
    expect(await post(url, blockingHttp)).toMatchObject({ outcome: "blocked", statusCode: null });
    const byName = url.replace("127.0.0.1", "localhost");
    expect(await post(byName, blockingHttp)).toMatchObject({ outcome: "blocked" });
    expect(receiver.requests("guarded")).toHaveLength(0);
    expect(await post(byName)).toMatchObject({ outcome: "success" });
  });

  it("judges the address each new connection resolves to, so a name cannot rebind to a blocked one", async () => {
    // The receiver closes every connection, so each POST resolves the name again. Only 127.0.0.1
    // is allowed; the rebound address is another loopback one, so even a broken guard would
    // send nothing off this machine.
    const url = receiver
      .endpoint("rebind", { status: 200, headers: { connection: "close" } })
      .replace("127.0.0.1", "rebind.example");
    const resolve = scriptedResolver(["127.0.0.1"], ["127.0.0.2"]);
    const client = createDeliveryHttp({
      ...options,
      allowedNetworks: parseNetworks(["127.0.0.1/32"]),
      resolve,
    });
    try {
      expect(await post(url, client)).toMatchObject({ outcome: "success", statusCode: 200 });
      expect(await post(url, client)).toMatchObject({
        outcome: "blocked",
        statusCode: null,
        error: "destination not allowed",
      });
      expect(resolve.calls).toEqual(["rebind.example", "rebind.example"]);
      expect(receiver.requests("rebind")).toHaveLength(1);
    } finally {
      client.close();
    }
  });

  it("says only that a name could not be resolved, never the resolver's own words", async () => {
    const result = await post("http://no-such-host.invalid/");
    expect(result).toMatchObject({
      outcome: "network_error",
      error: "could not resolve the destination host",
    });
  });

  it("reports a refused connection as a network error", async () => {
    const result = await post("http://127.0.0.1:1/");
    // Without the address and port: the tenant reads this.
    expect(result).toMatchObject({
      outcome: "network_error",
      statusCode: null,
      error: "ECONNREFUSED: connection refused",
    });
  });
});
