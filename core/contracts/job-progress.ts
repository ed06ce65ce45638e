/**
 * The progress document `jobs/<jobId>/progress.json`: how far a drawing job is, at a finer grain
 * than the status record's stage. Field names are a CONTRACT (add, never rename).
 *
 * Written by the sampler while it draws (containers/gpu-sampler/src/server/progress-writer.ts),
 * best effort: at every change of `stage` and at most about once a second within one; never after
 * the job's outputs are published. Read by `GET /v1/jobs/{id}` while the status record says
 * `drawing`, and ignored otherwise (the document is left behind when the job ends, and expires
 * with the other work files). A reader must treat it as a hint: it may be missing (the first write
 * not done yet, a write that failed), or stale (`updatedAt` says how stale).
 *
 *   stage     what the sampler is doing (DRAW_PROGRESS_STAGES; more may be added)
 *   done      units of that stage finished: sampling steps of `motion`, video frames of `render`
 *   total     units of that stage in all; 0 for the stages that are not counted (`fetch`, `queue`)
 *   updatedAt when the sampler observed this (ISO 8601)
 */
import { z } from 'zod';

/**
 * The stages the sampler reports, in order. `motion` counts sampling steps, `render` video frames;
 * the others are not counted (`total` 0). Readers must accept stages not listed here.
 */
export const DRAW_PROGRESS_STAGES = ['fetch', 'queue', 'motion', 'render'] as const;
export type DrawProgressStage = (typeof DRAW_PROGRESS_STAGES)[number];

const Timestamp = z.iso.datetime({ offset: true });

export const JobProgressSchema = z.looseObject({
  schemaVersion: z.literal(1),
  /** The pipeline's job id (the DrawRequest's). */
  jobId: z.string().min(1),
  stage: z
    .string()
    .min(1)
    .describe(
      'What the sampler is doing: fetch (reading the inputs), queue (waiting for a GPU), motion ' +
        '(sampling steps), render (video frames); more stages may be added.',
    ),
  done: z
    .number()
    .int()
    .nonnegative()
    .describe('Units of the stage finished (steps of motion, frames of render).'),
  total: z
    .number()
    .int()
    .nonnegative()
    .describe('Units of the stage in all; 0 when the stage is not counted (fetch, queue).'),
  updatedAt: Timestamp.describe('When the sampler reported this; a hint of how fresh it is.'),
});

export type JobProgress = z.infer<typeof JobProgressSchema>;
