/**
 * The status record `jobs/<jobId>/status.json`: where a job is, when it got there, and why it
 * failed. Written by the pipeline's handlers (ingest: queued, thinking; draw-submit: drawing;
 * publish: publishing, succeeded; publish-failure: failed) and read by clients and the API.
 *
 *   queued -> thinking -> drawing -> publishing -> succeeded
 *      \________\___________\___________\-------> failed
 *
 * Stages only move forward (core/jobs/status-transitions.ts); `timestamps` keeps the time each
 * stage was entered. Unknown fields are kept (a loose object), so a newer writer may add some
 * without an older one dropping them on its next update.
 */
import { z } from 'zod';

export const JOB_STAGES = ['queued', 'thinking', 'drawing', 'publishing', 'succeeded', 'failed'] as const;
export type JobStage = (typeof JOB_STAGES)[number];

/** Stages a job never leaves. */
export const TERMINAL_STAGES = ['succeeded', 'failed'] as const satisfies readonly JobStage[];

export const JobStageSchema = z.enum(JOB_STAGES);

/** Tenant ids become key segments (`tenants/<tenant>/`). */
export const TENANT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

const Timestamp = z.iso.datetime({ offset: true });

/** Why a job failed: the error's class name (what Step Functions matched) and a readable message. */
export const JobErrorSchema = z.object({
  name: z.string().min(1),
  message: z.string(),
  /** The stage the job was in when it failed. */
  stage: JobStageSchema.optional(),
});

/** The object that started the job: its `job.json` and the ETag it had. */
export const JobSourceSchema = z.object({
  bucket: z.string().min(1),
  key: z.string().min(1),
  etag: z.string(),
});

/** Keys of the published outputs, set when the job succeeded. */
export const JobOutputsSchema = z.object({
  video: z.string(),
  plan: z.string(),
  preview: z.string(),
  result: z.string(),
});

export const JobStatusSchema = z.looseObject({
  schemaVersion: z.literal(1),
  jobId: z.string().min(1),
  stage: JobStageSchema,
  /** The job folder's name: `incoming/<name>/`, `outgoing/<name>/`. */
  name: z.string().min(1),
  /** Set for API jobs, whose folders live under `tenants/<tenant>/`. */
  tenant: z.string().regex(TENANT_ID_PATTERN).optional(),
  source: JobSourceSchema,
  emotion: z.string().optional(),
  /** Requested at ingest; the reasoner that actually produced the plan once published. */
  reasoner: z.string().optional(),
  /** Requested at ingest; the seed actually used once drawn. */
  seed: z.number().int().optional(),
  /** When each stage was entered (ISO 8601). */
  timestamps: z.partialRecord(JobStageSchema, Timestamp),
  updatedAt: Timestamp,
  /** The Step Functions execution (ARN in AWS, an id locally). */
  executionId: z.string().optional(),
  durationSec: z.number().nonnegative().optional(),
  outputs: JobOutputsSchema.optional(),
  error: JobErrorSchema.optional(),
});

export type JobError = z.infer<typeof JobErrorSchema>;
export type JobSource = z.infer<typeof JobSourceSchema>;
export type JobOutputs = z.infer<typeof JobOutputsSchema>;
export type JobStatus = z.infer<typeof JobStatusSchema>;
