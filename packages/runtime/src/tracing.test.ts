import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseConfig } from "./config.js";
import { inSpan, startTracing, traceCarrier, tracingEnv } from "./tracing.js";

const off = { OTEL_SDK_DISABLED: false };
const endpoint = "http://127.0.0.1:9/";

describe("tracing", () => {
  it("stays off without an OTLP endpoint, when disabled, or with the none exporter", async () => {
    for (const config of [
      off,
      { ...off, OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_SDK_DISABLED: true },
      { ...off, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: endpoint, OTEL_TRACES_EXPORTER: "none" },
    ]) {
      expect(startTracing("test", config).enabled).toBe(false);
    }
    // Off: spans are no-ops and a job carries no trace context.
    expect(await inSpan("nothing", {}, async () => traceCarrier())).toEqual({});
  });

  it("reads an empty endpoint as unset and refuses one that is not a URL", () => {
    const schema = z.object(tracingEnv);
    expect(
      parseConfig(schema, { OTEL_EXPORTER_OTLP_ENDPOINT: "" }).OTEL_EXPORTER_OTLP_ENDPOINT,
    ).toBeUndefined();
    expect(() => parseConfig(schema, { OTEL_EXPORTER_OTLP_ENDPOINT: "collector:4318" })).toThrow(
      /OTEL_EXPORTER_OTLP_ENDPOINT/,
    );
  });

  it("turns on with an endpoint, and spans then hand a W3C traceparent to what they enqueue", async () => {
    // A collector that takes anything, so shutting down (which exports) is quick.
    const collector = createServer((_req, res) => res.writeHead(200).end("{}")).listen(0, "127.0.0.1");
    await once(collector, "listening");
    const { port } = collector.address() as AddressInfo;
    const tracing = startTracing("test", { ...off, OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}` });
    expect(tracing.enabled).toBe(true);
    const carrier = await inSpan("enqueue", {}, async (span) => ({
      carrier: traceCarrier(),
      traceId: span.spanContext().traceId,
      spanId: span.spanContext().spanId,
    }));
    expect(carrier.carrier.traceparent).toBe(`00-${carrier.traceId}-${carrier.spanId}-01`);
    await tracing.shutdown();
    collector.close();
  });
});
