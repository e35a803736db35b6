// The dashboard and alerts against the real thing: api + worker processes on real Postgres
// and Redis, deliveries to a real local receiver that succeeds, fails and answers 410, the
// apps' /metrics checked by promtool, and a real Prometheus scraping both apps that must
// return data for every dashboard panel query.
import { spawnSync } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { freePort, type HeraldApp, waitFor } from "@herald/local-stack";
import { type Receiver, startReceiver } from "@herald/local-stack/receiver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kedaQueries } from "../deploy/kubernetes-manifests.js";
import { HeraldStack } from "../support/herald-stack.js";
import {
  alertRules,
  alertRulesFile,
  asPrometheusQuery,
  dashboardQueries,
  requireCommand,
} from "./deploy-artifacts.js";
import { type RunningPrometheus, startPrometheus } from "./prometheus-server.js";
import { exportedSeriesNames, metricNamesIn } from "./promql-names.js";

// Series Prometheus adds to every target itself; everything else must come from the apps.
const scrapeSeries = new Set(["up", "scrape_duration_seconds", "scrape_samples_scraped"]);

let stack: HeraldStack;
let api: HeraldApp;
let worker: HeraldApp;
let prometheus: RunningPrometheus;
let receiver: Receiver;

async function scrape(app: HeraldApp): Promise<string> {
  const response = await fetch(`${app.metricsUrl}/metrics`);
  expect(response.status).toBe(200);
  return response.text();
}

function sumOf(exposition: string, metric: string): number {
  let total = 0;
  for (const line of exposition.split("\n")) {
    if (line.startsWith(`${metric}{`) || line.startsWith(`${metric} `))
      total += Number(line.split(" ").at(-1));
  }
  return total;
}

beforeAll(async () => {
  requireCommand("prometheus", "prometheus");
  requireCommand("promtool", "prometheus");
  receiver = await startReceiver();
  stack = await HeraldStack.start({
    worker: true,
    env: {
      RETRY_MAX_ATTEMPTS: "2",
      RETRY_BASE_DELAY_MS: "20",
      RETRY_MAX_DELAY_MS: "50",
      DISABLE_AFTER_FAILURES: "1000",
    },
  });
  api = stack.api;
  worker = stack.apps.find((app) => app.role === "worker")!;

  // Prometheus scrapes from the start, so the counters rise between scrapes as in production.
  prometheus = await startPrometheus({
    port: await freePort(),
    targets: [
      { job: "herald-api", target: new URL(api.metricsUrl).host },
      { job: "herald-worker", target: new URL(worker.metricsUrl).host },
    ],
    ruleFiles: [alertRulesFile],
  });

  // Events only after Prometheus has scraped both apps once, so it sees the counters rise.
  await waitFor("Prometheus to scrape both apps", async () => {
    const up = await prometheus.query("up == 1");
    return up.length === 2;
  });
  const key = await stack.key(["*"], "observability");
  for (const [name, status] of [
    ["ok", 200],
    ["failing", 500],
    ["gone", 410],
  ] as const) {
    const created = await stack.call("POST", "/v1/webhooks", {
      key,
      body: { url: receiver.endpoint(name, { status }), events: ["product.scored"] },
    });
    expect(created.status).toBe(201);
  }
  for (let i = 0; i < 4; i++) {
    const accepted = await stack.call("POST", "/v1/events", {
      key,
      body: { type: "product.scored", data: { sku: `sku-${i}`, score: i } },
    });
    expect(accepted.status).toBe(202);
  }
  // A client error, so the API error panels have a 4xx series.
  expect((await stack.call("GET", "/v1/webhooks")).status).toBe(401);
  await waitFor("every delivery to reach a final state", async () => {
    const [row] = await stack.query<{ pending: number }>(
      "SELECT count(*)::int AS pending FROM deliveries WHERE status = 'pending'",
    );
    return row?.pending === 0;
  });
}, 90_000);

afterAll(async () => {
  await prometheus?.stop();
  await stack?.stop();
  await receiver?.stop();
});

describe("apps' /metrics after real deliveries", () => {
  it("passes promtool check metrics on both apps", async () => {
    for (const app of [api, worker]) {
      const exposition = await scrape(app);
      const result = spawnSync("promtool", ["check", "metrics"], { input: exposition, encoding: "utf8" });
      expect(`${result.stdout}${result.stderr}`, app.url).toBe("");
      expect(result.status, app.url).toBe(0);
    }
  });

  it("exports every metric the dashboard and the alert rules use", async () => {
    const exported = new Set([...scrapeSeries]);
    for (const app of [api, worker])
      for (const name of exportedSeriesNames(await scrape(app))) exported.add(name);
    const used = new Map<string, string>();
    for (const { panel, expr } of dashboardQueries())
      for (const name of metricNamesIn(expr)) used.set(name, `panel "${panel}"`);
    for (const { alert, expr } of alertRules())
      for (const name of metricNamesIn(expr)) used.set(name, `alert ${alert}`);
    const missing = [...used]
      .filter(([name]) => !exported.has(name))
      .map(([name, where]) => `${name} (${where})`);
    expect(missing).toEqual([]);
    expect(used.size).toBeGreaterThan(15);
  });
});

describe("a real Prometheus scraping the api and the worker", () => {
  beforeAll(async () => {
    // Wait until Prometheus holds the final counts, not just some early scrape.
    const attempts = sumOf(await scrape(worker), "herald_delivery_attempts_total");
    expect(attempts).toBeGreaterThan(0);
    await waitFor("Prometheus to scrape the final attempt count", async () => {
      const [sample] = await prometheus.query("sum(herald_delivery_attempts_total)");
      return sample !== undefined && Number(sample.value[1]) === attempts;
    });
    // Two more scrapes so every rate() window holds the last increase. Prometheus no longer
    // scrapes the public port (API_METRICS_PORT), so API traffic in that window comes from here.
    for (let i = 0; i < 5; i++) {
      await stack.call("GET", "/healthz");
      await sleep(500);
    }
  }, 60_000);

  it("returns data for every dashboard panel query", async () => {
    const empty: string[] = [];
    for (const { panel, expr } of dashboardQueries()) {
      const result = await prometheus.query(asPrometheusQuery(expr, "1m"));
      // NaN (0/0) is what Grafana shows as no data too.
      if (!result.some((sample) => Number.isFinite(Number(sample.value[1])))) empty.push(`${panel}: ${expr}`);
    }
    expect(empty).toEqual([]);
  });

  it("returns a number for every query the KEDA overlay scales workers on", async () => {
    const queries = kedaQueries();
    expect(queries.length).toBeGreaterThanOrEqual(2);
    for (const { trigger, query } of queries) {
      const result = await prometheus.query(query);
      expect(result, `${trigger}: ${query}`).toHaveLength(1);
      expect(Number.isFinite(Number(result[0]!.value[1])), `${trigger}: ${query}`).toBe(true);
    }
  });

  it("sees successes, failures by status class and the webhook disabled by 410", async () => {
    const outcomes = await prometheus.query(
      "sum by (outcome, status_class) (herald_delivery_attempts_total)",
    );
    const classes = outcomes.map((sample) => `${sample.metric.outcome}/${sample.metric.status_class}`);
    expect(classes).toContain("success/2xx");
    expect(classes).toContain("http_error/5xx");
    const disabled = await prometheus.query('herald_webhooks_disabled_total{reason="gone"}');
    expect(disabled.map((sample) => Number(sample.value[1]))).toContain(1);
    const [ratio] = await prometheus.query(
      asPrometheusQuery(dashboardQueries().find((query) => query.panel === "Success ratio")!.expr, "1m"),
    );
    expect(Number(ratio?.value[1])).toBeGreaterThan(0);
    expect(Number(ratio?.value[1])).toBeLessThan(1);
  });

  it("loads every alert rule without evaluation errors", async () => {
    const response = await fetch(`${prometheus.url}/api/v1/rules`);
    const body = (await response.json()) as {
      data: { groups: { rules: { name: string; health: string; lastError?: string }[] }[] };
    };
    const rules = body.data.groups.flatMap((group) => group.rules);
    expect(rules.map((rule) => rule.name).sort()).toEqual(
      alertRules()
        .map((rule) => rule.alert)
        .sort(),
    );
    expect(rules.filter((rule) => rule.health !== "ok")).toEqual([]);
  });
});
