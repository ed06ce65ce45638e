/**
 * `outgoing/<name>/error.json`: the completion marker of a failed job, instead of result.json.
 * Messages are the pipeline's own named errors: they describe the caller's input, never secrets.
 */
import { z } from 'zod';
import { JobErrorSchema, TENANT_ID_PATTERN } from '../contracts/job-status.js';

export const JOB_ERROR_LIMITS = {
  /** Longest message kept in error.json and the status record, in characters. @default 2000 */
  messageMaxLength: 2000,
} as const;

export const JobErrorRecordSchema = z.object({
  schemaVersion: z.literal(1),
  jobId: z.string(),
  name: z.string(),
  tenant: z.string().regex(TENANT_ID_PATTERN).optional(),
  error: JobErrorSchema,
  failedAt: z.iso.datetime({ offset: true }),
});

export type JobErrorRecord = z.infer<typeof JobErrorRecordSchema>;

/** Trims a message to the limit, marking the cut. */
export function boundMessage(message: string, max: number = JOB_ERROR_LIMITS.messageMaxLength): string {
  return message.length <= max ? message : `${message.slice(0, max - 1)}…`;
}
