// Reads counters and gauges from the apps' /metrics (prom-client text format), summed over
// every series of the name (and over the worker processes).
import type { HeraldApp } from "@herald/local-stack";

export async function metricSum(apps: HeraldApp[], name: string, labelFilter = ""): Promise<number> {
  let sum = 0;
  for (const app of apps) {
    const text = await (await fetch(`${app.metricsUrl}/metrics`)).text();
    for (const line of text.split("\n")) {
      if (!line.startsWith(name) || line[name.length] === "_") continue;
      if (labelFilter && !line.includes(labelFilter)) continue;
      sum += Number(line.slice(line.lastIndexOf(" ") + 1)) || 0;
    }
  }
  return sum;
}
