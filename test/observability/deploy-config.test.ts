import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  alertRules,
  alertRulesFile,
  asPrometheusQuery,
  dashboardPanels,
  dashboardQueries,
  hasCommand,
  prometheusDir,
  repoRoot,
  requireCommand,
  run,
} from "./deploy-artifacts.js";

describe("Prometheus configuration and alert rules (promtool)", () => {
  beforeAll(() => requireCommand("promtool", "prometheus"));

  it("promtool check config accepts prometheus.yml and the rule files it loads", () => {
    const result = run("promtool", ["check", "config", "prometheus.yml"], { cwd: prometheusDir });
    expect(result.output).toContain("SUCCESS");
    expect(result.status, result.output).toBe(0);
  });

  it("promtool check rules accepts alerts.yml, and every rule is seen by the expression reader", () => {
    const result = run("promtool", ["check", "rules", alertRulesFile]);
    expect(result.status, result.output).toBe(0);
    const found = Number(/SUCCESS: (\d+) rules found/.exec(result.output)?.[1]);
    expect(alertRules()).toHaveLength(found);
  });

  it("promtool test rules passes the alert unit tests", () => {
    const result = run("promtool", ["test", "rules", "tests/alerts.test.yml"], { cwd: prometheusDir });
    expect(result.status, result.output).toBe(0);
    expect(result.output).toContain("SUCCESS");
  });

  it("the unit tests cover the failure-ratio, backlog and storage alerts", () => {
    const tests = readFileSync(path.join(prometheusDir, "tests/alerts.test.yml"), "utf8");
    for (const alert of [
      "HeraldDeliveryFailureRatioHigh",
      "HeraldBacklogGrowing",
      "HeraldOldestWaitingJobTooOld",
      "HeraldRetentionStale",
      "HeraldPartitionsRunningOut",
      "HeraldStorageTableLarge",
    ]) {
      expect(tests).toContain(`alertname: ${alert}`);
    }
  });

  it("scrapes the API and the workers through DNS discovery, so every replica is a target", () => {
    const config = readFileSync(path.join(prometheusDir, "prometheus.yml"), "utf8");
    expect(config).toMatch(/job_name: herald-api\n(?:.*\n)*?\s+dns_sd_configs:\n\s+- names: \[api\]/);
    expect(config).toMatch(/job_name: herald-worker\n(?:.*\n)*?\s+dns_sd_configs:\n\s+- names: \[worker\]/);
  });
});

describe("Grafana dashboard", () => {
  let scratch: string;
  beforeAll(() => {
    scratch = mkdtempSync(path.join(tmpdir(), "herald-dashboard-"));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it("every panel queries the provisioned datasource", () => {
    const provisioned = readFileSync(
      path.join(repoRoot, "deploy/grafana/provisioning/datasources/prometheus.yml"),
      "utf8",
    );
    const uid = /^\s+uid:\s*(\S+)/m.exec(provisioned)?.[1];
    expect(uid).toBeDefined();
    for (const panel of dashboardPanels()) {
      expect(panel.targets?.length ?? 0, panel.title).toBeGreaterThan(0);
      expect(panel.datasource?.uid, panel.title).toBe(uid);
    }
  });

  it("every panel query is valid PromQL (checked by promtool as recording rules)", () => {
    requireCommand("promtool", "prometheus");
    const queries = dashboardQueries();
    const rules = queries.map(
      ({ expr }, i) =>
        `      - record: dashboard:query_${i}\n        expr: ${JSON.stringify(asPrometheusQuery(expr))}`,
    );
    const file = path.join(scratch, "dashboard-queries.yml");
    writeFileSync(file, `groups:\n  - name: dashboard\n    rules:\n${rules.join("\n")}\n`);
    const result = run("promtool", ["check", "rules", file]);
    expect(result.status, result.output).toBe(0);
    expect(result.output).toContain(`SUCCESS: ${queries.length} rules found`);
  });

  it("has the panels an operator needs", () => {
    const titles = dashboardPanels().map((panel) => panel.title);
    for (const title of [
      "Events ingested by type",
      "Delivery rate",
      "Success ratio",
      "Attempt outcomes by class",
      "Attempt duration",
      "Event-to-delivery latency",
      "Queue depth by state",
      "Webhooks disabled",
      "Request rate by route",
      "Errors",
      "Latency",
      "CPU per instance",
      "Memory per instance",
      "Storage by table",
      "Oldest event kept",
      "Retention maintenance",
    ]) {
      expect(titles).toContain(title);
    }
  });
});

describe("Dockerfile", () => {
  const dockerfile = readFileSync(path.join(repoRoot, "Dockerfile"), "utf8");

  it("copies the manifest of every workspace before npm ci, so the install layer sees them all", () => {
    const workspaces = ["apps", "packages"].flatMap((dir) =>
      readdirSync(path.join(repoRoot, dir))
        .filter((name) => existsSync(path.join(repoRoot, dir, name, "package.json")))
        .map((name) => `${dir}/${name}/package.json`),
    );
    const copied = [...dockerfile.matchAll(/^COPY (\S+\/package\.json) /gm)].map((match) => match[1]);
    expect(copied.sort()).toEqual(workspaces.sort());
  });

  it("runs on a Node LTS image as a non-root user, with a healthcheck and SIGTERM", () => {
    expect(dockerfile).toMatch(/^ARG NODE_VERSION=(22|24)$/m);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK /m);
    expect(dockerfile).toMatch(/^STOPSIGNAL SIGTERM$/m);
    expect(existsSync(path.join(repoRoot, "deploy/docker/healthcheck.mjs"))).toBe(true);
  });
});

describe("runbook", () => {
  it("has a section for every alert", () => {
    const runbook = readFileSync(path.join(repoRoot, "docs/runbook.md"), "utf8");
    for (const { alert } of alertRules()) expect(runbook).toMatch(new RegExp(`^#+ ${alert}$`, "m"));
  });
});

describe.skipIf(!hasCommand("docker-compose"))("docker-compose.yml", () => {
  // Compose refuses to run without a Grafana admin password (there is no default one).
  const { GRAFANA_ADMIN_PASSWORD: _unset, ...withoutPassword } = process.env;
  const env = { ...withoutPassword, GRAFANA_ADMIN_PASSWORD: "test-only-password" };
  const compose = (args: string[]) => run("docker-compose", args, { env });

  it("validates with docker-compose config -q", () => {
    const result = compose(["config", "-q"]);
    expect(result.status, result.output).toBe(0);
  });

  it("fails with a message naming GRAFANA_ADMIN_PASSWORD when it is unset", () => {
    const result = run("docker-compose", ["config", "-q"], { env: withoutPassword });
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/set GRAFANA_ADMIN_PASSWORD/);
  });

  it("publishes ops ports on 127.0.0.1 only, never the API's metrics, and no Prometheus lifecycle API", () => {
    const resolved = compose(["config"]).output;
    expect(resolved).not.toContain("--web.enable-lifecycle");
    expect(resolved).toMatch(/^ {4}- 127\.0\.0\.1:9090:9090\/tcp$/m);
    expect(resolved).toMatch(/^ {4}- 127\.0\.0\.1:3002:3000\/tcp$/m);
    expect(resolved).toMatch(/API_METRICS_PORT: 3003$/m);
    expect(resolved).not.toMatch(/published: 3003|:3003\/tcp/);
    // Every published port: the API's public one and the two ops ports.
    const published = [...resolved.matchAll(/^ {4}- (\S+\/tcp)$|published: (\d+)/gm)].map(
      (m) => m[1] ?? m[2],
    );
    expect(published.sort()).toEqual(["127.0.0.1:3002:3000/tcp", "127.0.0.1:9090:9090/tcp", "3000"]);
  });

  it("runs the whole stack with two workers and a durable, non-evicting Redis", () => {
    const services = compose(["config", "--services"]).output.split("\n").filter(Boolean);
    expect(services.sort()).toEqual([
      "api",
      "grafana",
      "migrate",
      "postgres",
      "prometheus",
      "redis",
      "worker",
    ]);
    const resolved = compose(["config"]).output;
    expect(resolved).toMatch(/worker:\n(?:.*\n)*?\s+deploy:\n\s+replicas: 2/);
    expect(resolved).toMatch(
      /- --appendonly\n\s+- "yes"\n\s+- --appendfsync\n\s+- everysec\n\s+- --maxmemory-policy\n\s+- noeviction/,
    );
    expect(resolved).toMatch(/condition: service_completed_successfully/);
  });
});

if (!hasCommand("docker-compose")) {
  console.warn("docker-compose is not installed (apt-get install -y docker-compose): compose checks skipped");
}
