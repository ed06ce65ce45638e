/**
 * The Draw stage's wire contract: the body of `POST /invocations` on the GPU sampler container
 * (a `DrawRequest`), its success body (a `DrawResult`) and its error body (a `DrawErrorBody`).
 *
 * Inputs and outputs travel by S3 URI, never inline: the request stays small (the container
 * refuses bodies over 1 MB) and the same request works against AWS or a local S3 API. Objects are
 * strict: a misspelt field is reported, not silently ignored.
 */
import { z } from 'zod';

/** Where the container writes its outputs, relative to the request's `output` prefix. */
export const DRAW_OUTPUT_FILES = {
  video: 'video.mp4',
  preview: 'preview.png',
  motion: 'motion.json',
} as const;

export type DrawOutputName = keyof typeof DRAW_OUTPUT_FILES;

/**
 * `s3://<bucket>/<key>`: a bucket name as S3 allows it (3-63 characters of a-z, 0-9, '.', '-',
 * starting and ending with a letter or digit), then the key (empty for the bucket's root prefix).
 */
export const S3_URI_PATTERN = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\/(.*)$/;

const S3_URI_HINT = 's3://<bucket>/<key>, e.g. s3://tbd/incoming/job-1/portrait.png';

/** The URI of one object. */
export const S3ObjectUriSchema = z
  .string()
  .regex(S3_URI_PATTERN, { message: `must be an S3 object URI: ${S3_URI_HINT}`, abort: true })
  .refine((uri) => !uri.endsWith('/'), 'must name an object, not a prefix ending in "/"');

/** A "folder" the outputs go under: an S3 URI ending in "/". */
export const S3PrefixUriSchema = z
  .string()
  .regex(S3_URI_PATTERN, {
    message: 'must be an S3 prefix URI ending in "/", e.g. s3://tbd/outgoing/job-1/',
    abort: true,
  })
  .refine((uri) => uri.endsWith('/'), 'must end in "/" (the outputs are written under it)');

/** Sampler choices of the Draw core. */
export const DRAW_SAMPLERS = ['dpmpp-2m', 'ddim'] as const;

/** Tuning of one draw; every field is optional and the pipeline's own defaults fill the rest. */
export const DrawOptionsSchema = z.strictObject({
  /** Seed of the sampler's RNG; the same seed, inputs and model give the same motion. */
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1)
    .optional(),
  /** Denoising steps. */
  steps: z.number().int().min(1).max(500).optional(),
  /** Output frame side in pixels (even, for yuv420p video). */
  size: z
    .number()
    .int()
    .min(64)
    .max(4096)
    .refine((n) => n % 2 === 0, 'must be even (yuv420p video)')
    .optional(),
  /** Video frame rate. */
  fps: z.number().int().min(1).max(60).optional(),
  /** Crop the frame around the face, or keep the whole portrait (letterboxed). */
  crop: z.enum(['face', 'full']).optional(),
  /** Scale of the plan's expression intensities (1 = as planned). */
  intensity: z.number().min(0).max(2).optional(),
  sampler: z.enum(DRAW_SAMPLERS).optional(),
});

export const JOB_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export const DrawRequestSchema = z.strictObject({
  /** Identifies the job in logs and results: letters, digits, '.', '_' and '-', at most 128. */
  jobId: z
    .string()
    .regex(JOB_ID_PATTERN, 'must be 1-128 letters, digits, ".", "_" or "-", starting with a letter or digit'),
  /** The portrait: a PNG, JPEG or WebP image with one clearly visible face. */
  portrait: S3ObjectUriSchema,
  /** The speech track (WAV, MP3, M4A, OGG, FLAC, ...). */
  audio: S3ObjectUriSchema,
  /** The ExpressionPlan JSON written by the Think stage. */
  plan: S3ObjectUriSchema,
  options: DrawOptionsSchema.optional(),
  /** The outputs land at `<output>video.mp4`, `<output>preview.png` and `<output>motion.json`. */
  output: S3PrefixUriSchema,
  /**
   * Where to keep a progress document (core/contracts/job-progress.ts) while drawing, best effort:
   * the pipeline gives `jobs/<jobId>/progress.json`. Absent: no progress is written.
   */
  progress: S3ObjectUriSchema.optional(),
});

export const DrawResultSchema = z.strictObject({
  jobId: z.string(),
  /** The S3 URI of each output, `<output>` + `DRAW_OUTPUT_FILES[name]`. */
  outputs: z.strictObject({
    video: S3ObjectUriSchema,
    preview: S3ObjectUriSchema,
    motion: S3ObjectUriSchema,
  }),
  durationSec: z.number().nonnegative(),
  frames: z.number().int().nonnegative(),
  fps: z.number().positive(),
  /** The seed actually used (the pipeline's default when the request gave none). */
  seed: z.number().int(),
  /** The denoiser model's id from its model.json, e.g. "motion-prior@1". */
  modelId: z.string(),
  /** Whole milliseconds per stage: the pipeline's own (`motionMs`, `renderMs`, ...) and the server's `fetchMs`, `queueMs`, `publishMs` and `requestMs` (all of it). */
  timings: z.record(z.string(), z.number().nonnegative()),
  /** Non-fatal findings of the pipeline ("2 faces found; using the largest"), when there are any. */
  warnings: z.array(z.string()).optional(),
});

/** One problem with a request, located by a dotted path ("options.size", "portrait"). */
export const FieldIssueSchema = z.object({ path: z.string(), message: z.string() });

/** The body of every non-2xx response. Messages are only detailed below 500. */
export const DrawErrorBodySchema = z.object({
  error: z.object({
    /** The error class, e.g. "RequestValidationError", "NoFaceError", "JobTimeoutError". */
    name: z.string(),
    message: z.string(),
    status: z.number().int(),
    /** The request field at fault, for 4xx: "portrait", "audio", "plan", "options.size". */
    field: z.string().optional(),
    issues: z.array(FieldIssueSchema).optional(),
    jobId: z.string().optional(),
  }),
});

export type DrawOptions = z.infer<typeof DrawOptionsSchema>;
export type DrawRequest = z.infer<typeof DrawRequestSchema>;
export type DrawResult = z.infer<typeof DrawResultSchema>;
export type FieldIssue = z.infer<typeof FieldIssueSchema>;
export type DrawErrorBody = z.infer<typeof DrawErrorBodySchema>;
