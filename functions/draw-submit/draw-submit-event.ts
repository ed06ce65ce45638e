/**
 * The Draw state's payload, built by the definition's Parameters:
 *
 *   { jobId, taskToken, portraitKey, audioKey, planKey, options: { seed?, steps?, size?, fps?, crop? } }
 *
 * In AWS the Lambda receives the payload itself (`lambda:invoke.waitForTaskToken` sends
 * `Parameters.Payload`); a local task override receives the whole Parameters object
 * `{ FunctionName, Payload }`, so `Payload` is unwrapped when present.
 */
import { z } from 'zod';
import { toFieldIssues } from '../../core/jobs/field-issues.js';
import { JobIdSchema, PipelineDrawOptionsSchema } from '../../core/jobs/pipeline-input.js';
import { DrawEventError } from './errors.js';

export const DrawSubmitEventSchema = z.object({
  jobId: JobIdSchema,
  /** `$$.Task.Token`; locally a placeholder (no task tokens there). */
  taskToken: z.string().min(1),
  portraitKey: z.string().min(1),
  audioKey: z.string().min(1),
  planKey: z.string().min(1),
  options: PipelineDrawOptionsSchema,
});

export type DrawSubmitEvent = z.infer<typeof DrawSubmitEventSchema>;

export function parseDrawSubmitEvent(event: unknown): DrawSubmitEvent {
  const payload =
    event && typeof event === 'object' && 'Payload' in event
      ? (event as { Payload: unknown }).Payload
      : event;
  const result = DrawSubmitEventSchema.safeParse(payload);
  if (!result.success) throw new DrawEventError(toFieldIssues(result.error), { cause: result.error });
  return result.data;
}
