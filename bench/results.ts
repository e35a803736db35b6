// The shape of bench/results/*.json: everything measured in one run, plus the target checks.
import type { Baselines } from "./baselines.js";
import type { Machine } from "./machine.js";
import type { ProfileSummary } from "./profile/cpu-profile.js";
import type { PolicyResult } from "./scenarios/delivery-policy.js";
import type { FailingResult } from "./scenarios/failing-endpoints.js";
import type { FanOutResult } from "./scenarios/fan-out.js";
import type { HealthyResult } from "./scenarios/healthy.js";
import type { HostileBodiesResult } from "./scenarios/hostile-bodies.js";
import type { IngestResult } from "./scenarios/ingest.js";
import type { NoisyResult } from "./scenarios/noisy-neighbour.js";
import type { ProfiledRun } from "./scenarios/profiled-run.js";
import type { RetentionResult } from "./scenarios/retention.js";
import type { SoakResult } from "./scenarios/soak.js";
import type { ModeSettings } from "./settings.js";
import type { HeraldLayout } from "./stack.js";

export interface TargetCheck {
  target: string;
  value: string;
  met: boolean;
}

export interface WhereTimeGoes {
  cpuByProcess: HealthyResult["cpu"];
  postgres: HealthyResult["counters"]["postgres"];
  redis: HealthyResult["counters"]["redis"];
  worker: ProfileSummary | undefined;
  api: ProfileSummary | undefined;
}

export interface BenchResults {
  mode: ModeSettings["mode"];
  startedAt: string;
  durationS: number;
  git: { sha: string; dirty: boolean };
  machine: Machine;
  layout: HeraldLayout & { api: number };
  settings: ModeSettings;
  heraldOverrides: Record<string, string>;
  baselines: Baselines;
  scenarios: {
    ingest: IngestResult;
    healthy: HealthyResult;
    fanOut: FanOutResult;
    noisyNeighbour: NoisyResult;
    failingEndpoints: FailingResult;
    soak: SoakResult | undefined;
  };
  // Not a delivery scenario (no ledger): the API's event-loop stall per hostile body.
  hostileBodies: HostileBodiesResult;
  // Not a delivery scenario either: a retention pass dropping generated days under ingest load.
  retention: RetentionResult;
  // Per-webhook policy: a rate limit's accuracy, ordered mode's cost (no ledger either).
  policy: PolicyResult;
  profile: ProfiledRun;
  whereTimeGoes: WhereTimeGoes;
  targets: TargetCheck[];
  ledgersBalanced: boolean;
}

// Herald's own processes (not the receiver, the load generator or the rest of the machine).
export const heraldShares = (cpu: HealthyResult["cpu"]) =>
  cpu.filter((c) => ["api", "worker", "postgres", "redis"].includes(c.process));

export const heraldCpuMs = (cpu: HealthyResult["cpu"]) =>
  Math.round(heraldShares(cpu).reduce((sum, c) => sum + c.cpuMsPerDelivery, 0) * 100) / 100;

export function checkTargets(r: Omit<BenchResults, "targets" | "ledgersBalanced">): TargetCheck[] {
  const { baselines: b, scenarios: s } = r;
  const ratio = (a: number, base: number) => Math.round((a / base) * 100) / 100;
  const checks: TargetCheck[] = [
    {
      target: "CPU per delivery (api + worker + postgres + redis) ≤ 2.5 ms in scenario 2 at 70 %",
      value: `${heraldCpuMs(s.healthy.cpu)} ms`,
      met: heraldCpuMs(s.healthy.cpu) <= 2.5,
    },
    {
      target: "Healthy end-to-end ≥ 0.8 × H",
      value: `${s.healthy.capacity.capacity}/s = ${ratio(s.healthy.capacity.capacity, b.H)} × H`,
      met: s.healthy.capacity.capacity >= 0.8 * b.H,
    },
    {
      target: "Ingest knee ≥ 0.3 × B_api",
      value: `${s.ingest.knee.knee}/s = ${ratio(s.ingest.knee.knee, b.api.knee)} × B_api`,
      met: s.ingest.knee.knee >= 0.3 * b.api.knee,
    },
    {
      target: "Batch ingest ≥ 5 × the single-event knee (events/s)",
      value: `${s.ingest.batch.eventsPerSecond}/s = ${ratio(s.ingest.batch.eventsPerSecond, s.ingest.knee.knee)} × the knee`,
      met: s.ingest.batch.eventsPerSecond >= 5 * s.ingest.knee.knee,
    },
    {
      target: "Ingest p99 ≤ 50 ms at 70 % of the knee",
      value: `${s.ingest.atLoad.latency.p99Ms} ms`,
      met: s.ingest.atLoad.latency.p99Ms <= 50,
    },
    {
      target: "p99 ingest→receipt ≤ 250 ms at 70 % of capacity",
      value: `${s.healthy.steady.latency.p99Ms} ms`,
      met: s.healthy.steady.latency.p99Ms <= 250,
    },
    {
      target: "Noisy neighbour: healthy deliveries/s ≥ 0.9 × scenario 2",
      value: `${s.noisyNeighbour.healthyVsScenario2} ×`,
      met: s.noisyNeighbour.healthyVsScenario2 >= 0.9,
    },
  ];
  const hostile = r.hostileBodies.worst;
  checks.push({
    target: "Event-loop delay of a worst-case MAX_PAYLOAD_BYTES body < 20 ms",
    value: `${hostile.lagMaxMs} ms (${hostile.name}; 1 KB body ${r.hostileBodies.baseline.lagMaxMs} ms)`,
    met: hostile.lagMaxMs < 20,
  });
  checks.push({
    target: "Retention pass: ingest p99 during it ≤ 1.2 × without",
    value: `${r.retention.withPass.apiLatency.p99Ms} vs ${r.retention.withoutPass.apiLatency.p99Ms} ms = ${r.retention.p99Ratio} × (pass ${r.retention.passMs} ms)`,
    met: r.retention.p99Ratio <= 1.2,
  });
  checks.push({
    target: "A webhook's rate_limit_per_second: observed within ±10 % of configured",
    value: `${r.policy.throttle.observed}/s of ${r.policy.throttle.configured}/s = ${r.policy.throttle.ratio} ×`,
    met: Math.abs(r.policy.throttle.ratio - 1) <= 0.1,
  });
  if (s.soak) {
    const c = s.soak.change;
    checks.push({
      target: "Soak: RSS and Redis memory flat (within 10 %)",
      value: `RSS api ×${c.apiRssMb}, worker ×${c.workerRssMb}; Redis ×${c.redisUsedMb} (heap api ×${c.apiHeapMb}, worker ×${c.workerHeapMb})`,
      met: s.soak.flat,
    });
  }
  return checks;
}
