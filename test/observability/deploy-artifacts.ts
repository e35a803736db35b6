import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const prometheusDir = path.join(repoRoot, "deploy/prometheus");
export const alertRulesFile = path.join(prometheusDir, "alerts.yml");
export const dashboardFile = path.join(repoRoot, "deploy/grafana/dashboards/herald.json");

interface DashboardPanel {
  type: string;
  title: string;
  datasource?: { uid?: string };
  targets?: { expr: string; datasource?: { uid?: string } }[];
}

export interface PanelQuery {
  panel: string;
  expr: string;
}

export function dashboardPanels(): DashboardPanel[] {
  const dashboard = JSON.parse(readFileSync(dashboardFile, "utf8")) as { panels: DashboardPanel[] };
  return dashboard.panels.filter((panel) => panel.type !== "row");
}

export function dashboardQueries(): PanelQuery[] {
  return dashboardPanels().flatMap((panel) =>
    (panel.targets ?? []).map((target) => ({ panel: panel.title, expr: target.expr })),
  );
}

/** Grafana's built-in range variables, replaced the way Grafana would for a query. */
export function asPrometheusQuery(expr: string, rateInterval = "1m"): string {
  return expr.replaceAll("$__rate_interval", rateInterval).replaceAll("$__interval", rateInterval);
}

export interface AlertRule {
  alert: string;
  expr: string;
}

/**
 * Reads the alert rules without a YAML library: `expr:` is either one line or a `|` block.
 * Callers compare the count with promtool's so a rule this reader misses fails the suite.
 */
export function alertRules(file = alertRulesFile): AlertRule[] {
  const lines = readFileSync(file, "utf8").split("\n");
  const rules: AlertRule[] = [];
  let alert: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const name = /^\s*- alert:\s*(\S+)/.exec(line);
    if (name) alert = name[1];
    const expr = /^(\s*)expr:\s*(.*)$/.exec(line);
    if (!expr || alert === undefined) continue;
    let text = expr[2]!.trim();
    if (text === "|" || text === "|-" || text === ">") {
      const block: string[] = [];
      const indent = expr[1]!.length;
      while (i + 1 < lines.length) {
        const next = lines[i + 1]!;
        if (next.trim() !== "" && next.length - next.trimStart().length <= indent) break;
        block.push(next.trim());
        i++;
      }
      text = block.join("\n").trim();
    }
    rules.push({ alert, expr: text });
    alert = undefined;
  }
  return rules;
}

export function hasCommand(command: string): boolean {
  try {
    execFileSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

export function requireCommand(command: string, debianPackage: string): void {
  if (!hasCommand(command)) {
    throw new Error(
      `${command} is not installed: run \`apt-get install -y ${debianPackage}\` (.ci/run does)`,
    );
  }
}

export interface CommandResult {
  status: number;
  output: string;
}

export function run(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): CommandResult {
  try {
    const output = execFileSync(command, args, {
      cwd: options.cwd ?? repoRoot,
      env: options.env ?? process.env,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    return { status: 0, output };
  } catch (error) {
    const failed = error as { status?: number; stdout?: string; stderr?: string };
    return { status: failed.status ?? 1, output: `${failed.stdout ?? ""}${failed.stderr ?? ""}` };
  }
}
