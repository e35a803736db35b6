// The API's metrics describe every account's traffic: they are served on API_METRICS_PORT,
// which compose does not publish, and never on the public port.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HeraldStack } from "../../../test/support/herald-stack.js";

let stack: HeraldStack;

beforeAll(async () => {
  stack = await HeraldStack.start();
});
afterAll(() => stack?.stop());

describe("API metrics", () => {
  it("are not on the public port", async () => {
    const answer = await stack.call("GET", "/metrics");
    expect(answer.status).toBe(404);
    expect(answer.body.error.code).toBe("NOT_FOUND");
  });

  it("are on API_METRICS_PORT, counting the public port's requests", async () => {
    const { api } = stack;
    expect(new URL(api.metricsUrl).port).not.toBe(new URL(api.url).port);
    await stack.call("GET", "/healthz");
    const response = await fetch(`${api.metricsUrl}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await response.text()).toMatch(
      /^herald_http_requests_total\{[^}]*route="\/healthz"[^}]*\} [1-9]/m,
    );
  });

  it("answer nothing else on that port", async () => {
    const response = await fetch(`${stack.api.metricsUrl}/v1/webhooks`);
    expect(response.status).toBe(404);
  });
});
