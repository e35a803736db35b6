// OpenTelemetry, configured by OTEL_EXPORTER_OTLP_ENDPOINT alone: a producer's request to the
// api, the ingest statement, the enqueue, and in the worker the job, the attempt and the POST
// are one trace exported over OTLP/HTTP, each span the child of the one before.
import { randomBytes } from "node:crypto";
import { waitFor } from "@herald/local-stack";
import { type Receiver, startReceiver } from "@herald/local-stack/receiver";
import { afterAll, beforeAll, expect, it } from "vitest";
import { HeraldStack, waitForDeliveries } from "../support/herald-stack.js";
import { type OtlpReceiver, type ReceivedSpan, startOtlpReceiver } from "../support/otlp-receiver.js";

const KIND = { internal: 1, server: 2, client: 3, producer: 4, consumer: 5 };

let otlp: OtlpReceiver;
let receiver: Receiver;
let stack: HeraldStack;

beforeAll(async () => {
  [otlp, receiver] = await Promise.all([startOtlpReceiver(), startReceiver()]);
  stack = await HeraldStack.start({
    worker: true,
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url, OTEL_BSP_SCHEDULE_DELAY: "100", LOG_LEVEL: "info" },
  });
});
afterAll(async () => {
  await stack?.stop();
  await receiver?.stop();
  await otlp?.stop();
});

it("follows one event from the producer's request to the worker's POST", async () => {
  const key = await stack.key(["*"]);
  const created = await stack.call<{ secret: string }>("POST", "/v1/webhooks", {
    key,
    body: { url: receiver.endpoint("traced", { status: 200 }), events: ["product.scored"] },
  });
  expect(created.status).toBe(201);

  // The producer's own span, which Herald's trace must continue.
  const traceId = randomBytes(16).toString("hex");
  const producerSpanId = randomBytes(8).toString("hex");
  const event = await stack.call<{ id: string }>("POST", "/v1/events", {
    key,
    headers: { traceparent: `00-${traceId}-${producerSpanId}-01` },
    body: { type: "product.scored", data: { marker: "payload-stays-out-of-traces" } },
  });
  expect(event.status).toBe(202);
  expect((await waitForDeliveries(stack, event.body.data.id))[0]?.status).toBe("succeeded");

  // Each app exports in batches of its own: wait for all six spans.
  const expected = [
    "POST /v1/events",
    "INSERT postgresql",
    "send deliveries",
    "process deliveries",
    "delivery attempt",
    "POST",
  ];
  const spans = await waitFor("the whole trace", async () => {
    const inTrace = otlp.spans().filter((span) => span.traceId === traceId);
    return expected.every((name) => inTrace.some((span) => span.name === name)) ? inTrace : undefined;
  });
  const one = (service: string, kind: number, name: string | RegExp): ReceivedSpan => {
    const found = spans.filter(
      (span) =>
        span.service === service &&
        span.kind === kind &&
        (typeof name === "string" ? span.name === name : name.test(span.name)),
    );
    expect(
      found.map((span) => span.name),
      `${service} ${name}`,
    ).toHaveLength(1);
    return found[0]!;
  };

  const request = one("herald-api", KIND.server, "POST /v1/events");
  const ingest = one("herald-api", KIND.client, "INSERT postgresql");
  const enqueue = one("herald-api", KIND.producer, "send deliveries");
  const job = one("herald-worker", KIND.consumer, "process deliveries");
  const attempt = one("herald-worker", KIND.internal, "delivery attempt");
  const post = one("herald-worker", KIND.client, "POST");

  expect(request.parentSpanId).toBe(producerSpanId);
  expect(ingest.parentSpanId).toBe(request.spanId);
  expect(enqueue.parentSpanId).toBe(request.spanId);
  expect(job.parentSpanId).toBe(enqueue.spanId);
  expect(attempt.parentSpanId).toBe(job.spanId);
  expect(post.parentSpanId).toBe(attempt.spanId);

  expect(request.attributes).toMatchObject({ "http.route": "/v1/events", "http.response.status_code": 202 });
  expect(ingest.attributes["db.query.text"]).toMatch(/INSERT INTO events/);
  expect(job.attributes["herald.delivery.id"]).toBe(attempt.attributes["herald.delivery.id"]);
  expect(post.attributes).toMatchObject({
    "http.request.method": "POST",
    "server.address": "127.0.0.1",
    "http.response.status_code": 200,
    "herald.attempt.outcome": "success",
  });
  // The worker's load and record statements are children of the attempt too.
  expect(
    spans.filter((span) => span.service === "herald-worker" && span.parentSpanId === attempt.spanId).length,
  ).toBeGreaterThanOrEqual(3);

  // The API's access line and the worker's attempt line name the trace.
  const logLines = (role: string) =>
    stack.apps
      .filter((app) => app.role === role)
      .flatMap((app) => app.output())
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  await waitFor("the log lines", async () =>
    logLines("worker").some((line) => line.msg === "delivery attempt") ? true : undefined,
  );
  expect(logLines("api").find((line) => line.requestId === event.body.meta.request_id)?.traceId).toBe(
    traceId,
  );
  expect(
    logLines("worker").find(
      (line) =>
        line.msg === "delivery attempt" && line.deliveryId === attempt.attributes["herald.delivery.id"],
    )?.traceId,
  ).toBe(traceId);

  const exported = otlp.bodies().join("\n");
  for (const secret of [key, created.body.data.secret, "payload-stays-out-of-traces", "/traced"])
    expect(exported).not.toContain(secret);
});
