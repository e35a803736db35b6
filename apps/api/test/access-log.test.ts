// The API's access log: one JSON line per answered request with the request id, method, route
// template, status, duration and account, and never the key, the secret or the body.
import { waitFor } from "@herald/local-stack";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HeraldStack } from "../../../test/support/herald-stack.js";

let stack: HeraldStack;

beforeAll(async () => {
  stack = await HeraldStack.start({ env: { LOG_LEVEL: "info" } });
});
afterAll(() => stack?.stop());

type LogLine = Record<string, unknown>;

function logLines(): LogLine[] {
  return stack.api.output().flatMap((line) => {
    try {
      return [JSON.parse(line) as LogLine];
    } catch {
      return [];
    }
  });
}

function accessLine(requestId: string): Promise<LogLine> {
  return waitFor(`the access log line of ${requestId}`, async () =>
    logLines().find((line) => line.msg === "request" && line.requestId === requestId),
  );
}

describe("access log", () => {
  it("logs a created webhook with its route template, status, account and duration, and no secrets", async () => {
    const key = await stack.key(["*"], "acct-logs");
    const created = await stack.call<{ id: string; secret: string }>("POST", "/v1/webhooks", {
      key,
      body: { url: "https://example.com/hook?token=from-the-url", events: ["product.scored"] },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const secret = created.body.data.secret;
    expect(secret).toMatch(/^whsec_/);
    const patched = await stack.call("PATCH", `/v1/webhooks/${created.body.data.id}`, {
      key,
      body: { description: "body text that must not be logged" },
    });
    expect(patched.status).toBe(200);

    const line = await accessLine(patched.body.meta.request_id as string);
    expect(line).toMatchObject({
      level: "info",
      method: "PATCH",
      route: "/v1/webhooks/:id",
      status: 200,
      accountId: (await stack.prisma.account.findUniqueOrThrow({ where: { name: "acct-logs" } })).id,
    });
    expect(line.durationMs).toEqual(expect.any(Number));
    expect(Object.keys(line).sort()).toEqual(
      [
        "accountId",
        "app",
        "durationMs",
        "level",
        "method",
        "msg",
        "name",
        "pid",
        "requestId",
        "route",
        "status",
        "time",
      ].sort(),
    );
    await accessLine(created.body.meta.request_id as string);

    const output = stack.api.output().join("\n");
    for (const text of [
      key,
      secret,
      "from-the-url",
      "body text that must not be logged",
      created.body.data.id,
    ])
      expect(output).not.toContain(text);
  });

  it("logs rejected requests with their status and no account, unmatched paths as unmatched", async () => {
    const unauthorized = await stack.call("GET", "/v1/webhooks", {
      headers: { authorization: `Bearer hrld_sk_${"y".repeat(43)}` },
    });
    expect(unauthorized.status).toBe(401);
    const line = await accessLine(unauthorized.body.meta.request_id as string);
    expect(line).toMatchObject({ method: "GET", route: "unmatched", status: 401 });
    expect(line.accountId).toBeUndefined();

    const missing = await stack.call("GET", "/no-such-thing");
    expect(missing.status).toBe(404);
    expect(await accessLine(missing.body.meta.request_id as string)).toMatchObject({
      route: "unmatched",
      status: 404,
    });
    expect(stack.api.output().join("\n")).not.toContain("y".repeat(43));
  });

  it("keeps probes out of the info log", async () => {
    const health = await fetch(`${stack.api.url}/healthz`);
    expect(health.status).toBe(200);
    const requestId = health.headers.get("x-request-id")!;
    // A request logged after it proves the log has caught up.
    const later = await stack.call("GET", "/nothing-here");
    await accessLine(later.body.meta.request_id as string);
    expect(logLines().filter((line) => line.requestId === requestId)).toEqual([]);
  });
});
