import { describe, expect, it } from "vitest";
import { exportedSeriesNames, metricNamesIn } from "./promql-names.js";

describe("metricNamesIn", () => {
  it("finds metrics inside functions, aggregations and binary operators", () => {
    const expr = `(sum(rate(herald_http_requests_total{status=~"5.."}[5m])) or vector(0))
      / sum by (route) (rate(herald_http_requests_total[$__rate_interval])) > 0.05
      and on(instance) max(deriv(herald_queue_jobs{state="waiting"}[10m:1m] offset 5m)) > 1e3`;
    expect(metricNamesIn(expr)).toEqual(["herald_http_requests_total", "herald_queue_jobs"]);
  });

  it("ignores label names, label values and grouping labels", () => {
    const expr = `histogram_quantile(0.95, sum by (le, route) (rate(herald_http_request_duration_seconds_bucket{route="/v1/events", method!="GET"}[1m])))`;
    expect(metricNamesIn(expr)).toEqual(["herald_http_request_duration_seconds_bucket"]);
  });

  it("finds bare selectors and absent()", () => {
    expect(metricNamesIn(`absent(up{job="herald-worker"} == 1)`)).toEqual(["up"]);
    expect(metricNamesIn("process_resident_memory_bytes")).toEqual(["process_resident_memory_bytes"]);
  });
});

describe("exportedSeriesNames", () => {
  it("expands histograms and summaries into their series", () => {
    const names = exportedSeriesNames(
      [
        "# HELP a_total a",
        "# TYPE a_total counter",
        "# TYPE h_seconds histogram",
        "# TYPE lag summary",
        "# TYPE g gauge",
        "g 1",
      ].join("\n"),
    );
    expect([...names].sort()).toEqual([
      "a_total",
      "g",
      "h_seconds",
      "h_seconds_bucket",
      "h_seconds_count",
      "h_seconds_sum",
      "lag",
      "lag_count",
      "lag_sum",
    ]);
  });
});
