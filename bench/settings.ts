// How long each phase runs in --quick (under 2 minutes in all) and full mode (under 15,
// 10 of them the soak). Quick numbers are noisier; full mode is the one the README shows.
export interface ModeSettings {
  mode: "quick" | "full";
  baselineWarmupMs: number;
  baselineMs: number;
  queueJobs: number;
  kneeStartRate: number;
  kneeFactor: number;
  kneeStepMs: number;
  // Each step of the end-to-end capacity search.
  capacityStepMs: number;
  // The measured run at 70 % of capacity.
  steadyMs: number;
  soakMs: number;
  soakSampleMs: number;
  profileMs: number;
  drainTimeoutMs: number;
}

export const QUICK: ModeSettings = {
  mode: "quick",
  baselineWarmupMs: 400,
  baselineMs: 1500,
  queueJobs: 6000,
  kneeStartRate: 100,
  kneeFactor: 2,
  kneeStepMs: 1200,
  capacityStepMs: 2000,
  steadyMs: 3000,
  soakMs: 0,
  soakSampleMs: 0,
  profileMs: 3000,
  drainTimeoutMs: 30_000,
};

export const FULL: ModeSettings = {
  mode: "full",
  baselineWarmupMs: 1000,
  baselineMs: 3000,
  queueJobs: 20_000,
  kneeStartRate: 100,
  kneeFactor: 1.5,
  kneeStepMs: 2000,
  capacityStepMs: 4000,
  steadyMs: 10_000,
  soakMs: 600_000,
  soakSampleMs: 15_000,
  profileMs: 8000,
  drainTimeoutMs: 60_000,
};

// The fraction of a measured ceiling the latency runs are done at.
export const LOAD_FRACTION = 0.7;
