/**
 * The state machine's input, written by ingest when it starts an execution. It carries S3 keys,
 * never media. Every object the definition reads with a JSONPath is always present (possibly
 * empty), because a path to a missing field fails a Step Functions state.
 *
 *   { jobId, job: { name, tenant? }, emotion, portraitKey, audioKey,
 *     thinkOptions: { reasoner?, plan? }, drawOptions: { seed?, steps?, size?, fps?, crop? } }
 *
 * `thinkOptions` goes to the Think task whole (its `options`), so a manifest's user plan reaches
 * it as `options.plan`; MANIFEST_LIMITS.planMaxBytes keeps it inside Step Functions' 256 KB.
 */
import { z } from 'zod';
import { DrawOptionsSchema, JOB_ID_PATTERN } from '../contracts/draw-request.js';
import { BoundedPlanSchema, type JobManifest, MANIFEST_REASONERS } from '../contracts/job-manifest.js';
import { incomingKey, type JobRef, JobRefSchema } from './job-keys.js';

export const JobIdSchema = z
  .string()
  .regex(JOB_ID_PATTERN, 'must be 1-128 letters, digits, ".", "_" or "-", starting with a letter or digit');

export const ThinkOptionsSchema = z.object({
  reasoner: z.enum(MANIFEST_REASONERS).optional(),
  /**
   * A user plan from the manifest: Think checks it (AU catalogue included) and stores it as is
   * (reasoner "user"). Bounded only here, so inputs recorded before a rule was tightened still read.
   */
  plan: BoundedPlanSchema.optional(),
});

export const PipelineDrawOptionsSchema = DrawOptionsSchema.pick({
  seed: true,
  steps: true,
  size: true,
  fps: true,
  crop: true,
});

export const PipelineInputSchema = z.object({
  jobId: JobIdSchema,
  job: JobRefSchema,
  emotion: z.string(),
  portraitKey: z.string().min(1),
  audioKey: z.string().min(1),
  thinkOptions: ThinkOptionsSchema,
  drawOptions: PipelineDrawOptionsSchema,
});

export type PipelineInput = z.infer<typeof PipelineInputSchema>;

/** The execution input for a validated manifest. */
export function pipelineInputFor(jobId: string, ref: JobRef, manifest: JobManifest): PipelineInput {
  const { reasoner, ...draw } = manifest.options ?? {};
  return {
    jobId,
    job: ref.tenant ? { name: ref.name, tenant: ref.tenant } : { name: ref.name },
    emotion: manifest.emotion,
    portraitKey: incomingKey(ref, manifest.portrait),
    audioKey: incomingKey(ref, manifest.audio),
    thinkOptions: {
      ...(reasoner ? { reasoner } : {}),
      ...(manifest.plan ? { plan: manifest.plan } : {}),
    },
    drawOptions: Object.fromEntries(Object.entries(draw).filter(([, v]) => v !== undefined)),
  };
}
