import {
  type Context,
  context,
  propagation,
  ROOT_CONTEXT,
  type Span,
  type SpanOptions,
  SpanStatusCode,
  trace,
} from "@opentelemetry/api";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { detectResources, envDetector, resourceFromAttributes } from "@opentelemetry/resources";
import { BatchSpanProcessor, NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from "@opentelemetry/semantic-conventions";
import { z } from "zod";
import { env } from "./config.js";
import { HERALD_VERSION } from "./version.js";

// OpenTelemetry traces over OTLP/HTTP, configured only by the standard OTEL_* variables. Off
// unless an OTLP endpoint is set: then no provider is registered and every span below is the
// API's no-op span. The exporter, batching and sampler read their other OTEL_* variables
// (OTEL_EXPORTER_OTLP_HEADERS, OTEL_BSP_*, OTEL_TRACES_SAMPLER, ...) themselves.
// The spec treats an empty value as unset (compose passes `${VAR:-}` through as "").
const optionalUrl = z.preprocess(
  (value) => (value === "" ? undefined : value),
  z.url({ protocol: /^https?$/, message: "expected an http:// or https:// URL" }).optional(),
);

export const tracingEnv = {
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalUrl,
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: optionalUrl,
  OTEL_TRACES_EXPORTER: z.string().optional(),
  OTEL_SDK_DISABLED: env.boolean(false),
  // Read by the SDK's resource detector; declared so the config lists what Herald honours.
  OTEL_SERVICE_NAME: z.string().optional(),
  OTEL_RESOURCE_ATTRIBUTES: z.string().optional(),
  OTEL_EXPORTER_OTLP_HEADERS: z.string().optional(),
  OTEL_TRACES_SAMPLER: z.string().optional(),
  OTEL_TRACES_SAMPLER_ARG: z.string().optional(),
};

type TracingConfig = {
  OTEL_EXPORTER_OTLP_ENDPOINT?: string | undefined;
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?: string | undefined;
  OTEL_TRACES_EXPORTER?: string | undefined;
  OTEL_SDK_DISABLED: boolean;
};

export interface Tracing {
  enabled: boolean;
  // Sends the spans still buffered; call it before the process exits.
  shutdown(): Promise<void>;
}

export function startTracing(serviceName: string, config: TracingConfig): Tracing {
  // The spec's rule: the signal-specific endpoint as is, the general one plus /v1/traces.
  const base = config.OTEL_EXPORTER_OTLP_ENDPOINT;
  const url =
    config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ??
    (base === undefined ? undefined : `${base.replace(/\/$/, "")}/v1/traces`);
  if (url === undefined || config.OTEL_SDK_DISABLED || config.OTEL_TRACES_EXPORTER === "none")
    return { enabled: false, shutdown: async () => {} };
  // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES (envDetector) override these defaults.
  const resource = resourceFromAttributes({
    [ATTR_SERVICE_NAME]: serviceName,
    [ATTR_SERVICE_VERSION]: HERALD_VERSION,
  }).merge(detectResources({ detectors: [envDetector] }));
  const provider = new NodeTracerProvider({
    resource,
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url }))],
  });
  // Also installs the AsyncLocalStorage context manager and the W3C trace-context propagator.
  provider.register();
  return { enabled: true, shutdown: () => provider.shutdown() };
}

const tracer = () => trace.getTracer("herald", HERALD_VERSION);

/**
 * Runs `work` in a new active span (a child of `parent`, else of the active span) and ends it.
 * A thrown error marks the span failed unless `expected` says it is a normal outcome.
 */
export function inSpan<T>(
  name: string,
  options: SpanOptions & { parent?: Context; expected?: (error: unknown) => boolean },
  work: (span: Span) => Promise<T>,
): Promise<T> {
  const { parent, expected, ...spanOptions } = options;
  return tracer().startActiveSpan(name, spanOptions, parent ?? context.active(), async (span) => {
    try {
      return await work(span);
    } catch (error) {
      if (!expected?.(error)) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error)?.message });
        if (error instanceof Error) span.recordException(error);
      }
      throw error;
    } finally {
      span.end();
    }
  });
}

/** Starts a span the caller ends (for work that ends in a callback, like an HTTP response). */
export function startSpan(name: string, options: SpanOptions, parent: Context): Span {
  return tracer().startSpan(name, options, parent);
}

export type { Context, Span } from "@opentelemetry/api";
export { context as traceContext, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";

// W3C trace context of the active span, to carry in a job or a header ({} when tracing is off).
export function traceCarrier(): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier;
}

export function contextFromCarrier(carrier: Record<string, unknown> | undefined): Context {
  return carrier ? propagation.extract(ROOT_CONTEXT, carrier) : ROOT_CONTEXT;
}
