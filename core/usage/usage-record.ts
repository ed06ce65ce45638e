/**
 * One metered job: `tenants/<tenant>/usage/<yyyy-mm>/<jobId>.json`, written by publish right after
 * `result.json`. Keyed by the pipeline's job id, so a retried publish rewrites the same record
 * instead of adding one: usage is the sum of the records of a period, each job counted once.
 *
 * Only API jobs (those with a tenant) are metered; root file drops have no one to bill.
 *
 *   videoSeconds    the drawn duration (the speech's): what the job produced, independent of the
 *                   encoder's few milliseconds of AAC padding
 *   frames          frames rendered
 *   samplerSeconds  the sampler's working time: `requestMs - queueMs` when the sampler reports its
 *                   whole request, else the sum of its stage timings
 */
import { z } from 'zod';
import { TENANT_ID_PATTERN } from '../contracts/job-status.js';
import { JOB_LAYOUT } from '../jobs/job-keys.js';
import type { JobResult } from '../jobs/job-result.js';
import { periodOf } from './usage-period.js';

export const USAGE_LAYOUT = {
  /** Under `tenants/<tenant>/`. @default 'usage/' */
  usage: 'usage/',
} as const;

export const UsageRecordSchema = z.object({
  schemaVersion: z.literal(1),
  tenant: z.string().regex(TENANT_ID_PATTERN),
  /** The pipeline's job id (the key of the record). */
  jobId: z.string().min(1),
  /** The job folder's name (the API's job id for API jobs). */
  name: z.string().min(1),
  period: z.string().regex(/^\d{4}-\d{2}$/),
  /** When the job first entered `publishing`: decides the period. */
  meteredAt: z.iso.datetime({ offset: true }),
  publishedAt: z.iso.datetime({ offset: true }),
  videoSeconds: z.number().nonnegative(),
  frames: z.number().int().nonnegative(),
  fps: z.number().positive(),
  samplerSeconds: z.number().nonnegative(),
  modelId: z.string(),
  reasoner: z.string(),
});

export type UsageRecord = z.infer<typeof UsageRecordSchema>;

/** `tenants/<tenant>/usage/<period>/`. */
export function usagePrefix(tenant: string, period: string): string {
  return `${JOB_LAYOUT.tenants}${tenant}/${USAGE_LAYOUT.usage}${period}/`;
}

export function usageKey(tenant: string, period: string, jobId: string): string {
  return `${usagePrefix(tenant, period)}${jobId}.json`;
}

/** Seconds the sampler worked, from a DrawResult's `timings` (whole milliseconds per stage). */
export function samplerSecondsOf(timings: Readonly<Record<string, number>>): number {
  const { requestMs, queueMs = 0, ...stages } = timings;
  const ms =
    requestMs !== undefined
      ? Math.max(0, requestMs - queueMs)
      : Object.values(stages).reduce((sum, value) => sum + value, 0);
  return ms / 1000;
}

/** The usage record of a published job, or undefined for a job without a tenant. */
export function usageRecordOf(result: JobResult, meteredAt: Date): UsageRecord | undefined {
  if (!result.tenant) return undefined;
  return {
    schemaVersion: 1,
    tenant: result.tenant,
    jobId: result.jobId,
    name: result.name,
    period: periodOf(meteredAt),
    meteredAt: meteredAt.toISOString(),
    publishedAt: result.publishedAt,
    videoSeconds: result.durationSec,
    frames: result.frames,
    fps: result.fps,
    samplerSeconds: samplerSecondsOf(result.timings),
    modelId: result.modelId,
    reasoner: result.reasoner,
  };
}
