/**
 * `outgoing/<name>/result.json`: the completion marker of a published job, written last, after
 * video.mp4, plan.json and preview.png are in place. A reader that finds result.json finds the
 * whole output. It also carries what metering needs (video seconds, frames, sampler time).
 */
import { z } from 'zod';
import { TENANT_ID_PATTERN } from '../contracts/job-status.js';

export const JobResultSchema = z.object({
  schemaVersion: z.literal(1),
  jobId: z.string(),
  name: z.string(),
  tenant: z.string().regex(TENANT_ID_PATTERN).optional(),
  /** Files of the output, relative to `outgoing/<name>/`. */
  files: z.object({ video: z.string(), plan: z.string(), preview: z.string() }),
  video: z.object({
    bytes: z.number().int().positive(),
    durationSec: z.number().nonnegative(),
    hasAudio: z.boolean(),
  }),
  /** Duration the sampler drew (the speech's duration). */
  durationSec: z.number().nonnegative(),
  frames: z.number().int().nonnegative(),
  fps: z.number().positive(),
  seed: z.number().int(),
  modelId: z.string(),
  reasoner: z.string(),
  /** Milliseconds per sampler stage, as the DrawResult reported them. */
  timings: z.record(z.string(), z.number().nonnegative()),
  publishedAt: z.iso.datetime({ offset: true }),
});

export type JobResult = z.infer<typeof JobResultSchema>;
