/**
 * The API's own record of a job, `tenants/<tenant>/api-jobs/<id>.json`: what POST /v1/jobs was
 * asked for (the manifest to write once the media are uploaded: emotion, options, an optional user
 * plan) and, once started, which pipeline job it became. The pipeline never reads it; the API's
 * handlers are its only writers.
 *
 *   tenants/<tenant>/api-jobs/<id>.json          this record (ids sort newest first: the job index)
 *   tenants/<tenant>/incoming/<id>/              portrait.<ext>, audio.<ext>, job.json (written by start)
 *   tenants/<tenant>/outgoing/<id>/              the pipeline's outputs
 *   jobs/<pipelineJobId>/status.json             the pipeline's status record
 *
 * The pipeline's job id is a hash of the manifest's and the media's ETags (core/jobs/job-id.ts),
 * so it is only known once the media are uploaded: start computes it with the same function
 * ingest uses and stores it here (`started.pipelineJobId`). A manifest that ingest refuses gets
 * the id without the media ETags (`started.refusedJobId`).
 */
import { z } from 'zod';
import { JOB_LAYOUT } from '../jobs/job-keys.js';
import { API_JOB_ID_PATTERN, AudioUploadSchema, PortraitUploadSchema } from './api.js';
import { BoundedPlanSchema, JobOptionsSchema } from './job-manifest.js';
import { TENANT_ID_PATTERN } from './job-status.js';

export const API_LAYOUT = {
  /** Under `tenants/<tenant>/`. @default 'api-jobs/' */
  jobs: 'api-jobs/',
} as const;

const Timestamp = z.iso.datetime({ offset: true });

/** A medium as declared at creation, and its file name inside the job folder. */
const DeclaredMedium = (schema: typeof PortraitUploadSchema | typeof AudioUploadSchema) =>
  schema.extend({ file: z.string().min(1) });

export const ApiJobRecordSchema = z.object({
  schemaVersion: z.literal(1),
  id: z.string().regex(API_JOB_ID_PATTERN),
  tenant: z.string().regex(TENANT_ID_PATTERN),
  createdAt: Timestamp,
  /**
   * The emotion as POST /v1/jobs accepted it (EmotionSchema). Read back leniently: a record written
   * before a rule of the request was tightened must still be shown and listed.
   */
  emotion: z.string().min(1),
  options: JobOptionsSchema.optional(),
  /** A user plan, written into the manifest by start (checked against the AU catalogue on creation). */
  plan: BoundedPlanSchema.optional(),
  portrait: DeclaredMedium(PortraitUploadSchema),
  audio: DeclaredMedium(AudioUploadSchema),
  /** Set by POST /v1/jobs/{id}/start. */
  started: z
    .object({
      at: Timestamp,
      /** ETag of the job.json written. */
      manifestEtag: z.string(),
      /** The pipeline's job id (ingest's, from the manifest's and the media's ETags). */
      pipelineJobId: z.string(),
      /** The id ingest gives the job if it refuses the manifest or a medium. */
      refusedJobId: z.string(),
    })
    .optional(),
});

export type ApiJobRecord = z.infer<typeof ApiJobRecordSchema>;

/** `tenants/<tenant>/api-jobs/`. */
export function apiJobsPrefix(tenant: string): string {
  return `${JOB_LAYOUT.tenants}${tenant}/${API_LAYOUT.jobs}`;
}

export function apiJobKey(tenant: string, id: string): string {
  return `${apiJobsPrefix(tenant)}${id}.json`;
}
