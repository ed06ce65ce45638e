/**
 * The usage of a period: the sum of its records. Sums are taken exactly and rounded once, to
 * microseconds, so that floating-point noise (0.1 + 0.2) never shows in a bill and no per-job
 * rounding adds up over many jobs.
 */
import type { UsageRecord } from './usage-record.js';

export interface UsageTotals {
  readonly videoSeconds: number;
  readonly frames: number;
  readonly samplerSeconds: number;
  /** Records summed: the jobs published in the period. */
  readonly jobs: number;
}

const toMicroseconds = (seconds: number): number => Math.round(seconds * 1e6) / 1e6;

export function sumUsage(records: readonly UsageRecord[]): UsageTotals {
  const seen = new Set<string>();
  let videoSeconds = 0;
  let samplerSeconds = 0;
  let frames = 0;
  for (const record of records) {
    // One record per job by construction (the key is the job id); guard against a caller's duplicates.
    if (seen.has(record.jobId)) continue;
    seen.add(record.jobId);
    videoSeconds += record.videoSeconds;
    samplerSeconds += record.samplerSeconds;
    frames += record.frames;
  }
  return {
    videoSeconds: toMicroseconds(videoSeconds),
    frames,
    samplerSeconds: toMicroseconds(samplerSeconds),
    jobs: seen.size,
  };
}
