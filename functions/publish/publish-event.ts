/**
 * Payloads of the Publish and RecordFailure states, built by the definition's Parameters:
 *
 *   Publish:        { jobId, job, planKey, reasoner, draw: DrawResult without jobId }
 *   RecordFailure:  { jobId, job, error: { Error, Cause? } }     (the Catch's ResultPath)
 */
import { z } from 'zod';
import { DrawResultSchema } from '../../core/contracts/draw-request.js';
import { toFieldIssues } from '../../core/jobs/field-issues.js';
import { JobRefSchema } from '../../core/jobs/job-keys.js';
import { JobIdSchema } from '../../core/jobs/pipeline-input.js';
import { PublishEventError } from './errors.js';

/** What the Draw state's ResultSelector keeps of a DrawResult. */
export const DrawSummarySchema = DrawResultSchema.omit({ jobId: true });

export const PublishEventSchema = z.object({
  jobId: JobIdSchema,
  job: JobRefSchema,
  planKey: z.string().min(1),
  reasoner: z.string().min(1),
  draw: DrawSummarySchema,
});

/** Step Functions' error output: `Error` is the matched name, `Cause` a string (often JSON). */
export const StatesErrorSchema = z.object({ Error: z.string(), Cause: z.string().optional() });

export const PublishFailureEventSchema = z.object({
  jobId: JobIdSchema,
  job: JobRefSchema,
  error: StatesErrorSchema,
});

export type DrawSummary = z.infer<typeof DrawSummarySchema>;
export type PublishEvent = z.infer<typeof PublishEventSchema>;
export type StatesError = z.infer<typeof StatesErrorSchema>;
export type PublishFailureEvent = z.infer<typeof PublishFailureEventSchema>;

function parseWith<T extends z.ZodType>(schema: T, what: string, event: unknown): z.infer<T> {
  const result = schema.safeParse(event);
  if (!result.success)
    throw new PublishEventError(what, toFieldIssues(result.error), { cause: result.error });
  return result.data;
}

export function parsePublishEvent(event: unknown): PublishEvent {
  return parseWith(PublishEventSchema, 'publish', event);
}

export function parsePublishFailureEvent(event: unknown): PublishFailureEvent {
  return parseWith(PublishFailureEventSchema, 'publish-failure', event);
}
