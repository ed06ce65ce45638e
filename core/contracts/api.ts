/**
 * The public HTTP API `/v1` (issue 8): the bodies and query strings it accepts and the bodies it
 * answers with. Field names are a CONTRACT with every client (apps, the web studio, curl): add
 * fields, never rename them. The OpenAPI document (functions/api/openapi.json) is generated from
 * these schemas; request objects are strict, so a misspelt field is a 400 naming it.
 *
 *   POST /v1/jobs                 CreateJobRequest  -> 201 CreateJobResponse
 *   POST /v1/jobs/{id}/start                        -> 202 StartJobResponse
 *   GET  /v1/jobs/{id}                              -> 200 JobView
 *   GET  /v1/jobs?limit=&cursor=  ListJobsQuery     -> 200 ListJobsResponse
 *   POST /v1/think                ThinkRequest      -> 200 ExpressionPlan
 *   POST /v1/preview              PreviewRequest    -> 200 image/png (+ X-Face-Box, ...)
 *   GET  /v1/usage?period=        UsageQuery        -> 200 UsageReport
 *   any error                                       -> 4xx/5xx ApiErrorBody
 */
import { z } from 'zod';
import { ExpressionPlanSchema } from '../plan/expression-plan.js';
import { FieldIssueSchema } from './draw-request.js';
import {
  JobManifestSchema,
  JobOptionsSchema,
  MANIFEST_LIMITS,
  MANIFEST_REASONERS,
  ManifestPlanSchema,
} from './job-manifest.js';
import { JobProgressSchema } from './job-progress.js';
import { JOB_STAGES, JobErrorSchema, JobStageSchema } from './job-status.js';
import { strictFields } from './strict-fields.js';

export const API_LIMITS = {
  /** Largest portrait a job may declare, in bytes (ingest's MEDIA_DEFAULTS.portraitMaxBytes). @default 26214400 */
  portraitMaxBytes: 25 * 1024 * 1024,
  /** Largest speech track a job may declare, in bytes (ingest's MEDIA_DEFAULTS.audioMaxBytes). @default 104857600 */
  audioMaxBytes: 100 * 1024 * 1024,
  /** Jobs per page of `GET /v1/jobs` unless `limit` says otherwise. @default 20 */
  listDefaultLimit: 20,
  /** Largest `limit` of `GET /v1/jobs`. @default 100 */
  listMaxLimit: 100,
  /** Longest cursor accepted, in characters. @default 256 */
  cursorMaxLength: 256,
  /**
   * Largest portrait `POST /v1/preview` takes inline (base64 makes the body a third larger: the
   * request stays under Lambda's 6 MB payload limit), in bytes. @default 4194304
   */
  previewPortraitMaxBytes: 4 * 1024 * 1024,
  /** Largest side of a preview, in px. @default 1024 */
  previewMaxSize: 1024,
} as const;

/** Side of a preview unless the request says otherwise, in px. */
export const PREVIEW_DEFAULT_SIZE = 384;

/** Response headers of `POST /v1/preview` (besides the PNG itself). */
export const PREVIEW_HEADERS = {
  faceBox: 'X-Face-Box',
  sourceSize: 'X-Source-Size',
  segment: 'X-Preview-Segment',
  cache: 'X-Preview-Cache',
  timing: 'Server-Timing',
} as const;

/** Portrait media types a job may declare, and the file extension each is stored under. */
export const PORTRAIT_CONTENT_TYPES = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
} as const;

/** Speech media types a job may declare (ingest sniffs the bytes anyway), and their extensions. */
export const AUDIO_CONTENT_TYPES = {
  'audio/wav': 'wav',
  'audio/x-wav': 'wav',
  'audio/wave': 'wav',
  'audio/mpeg': 'mp3',
  'audio/mp4': 'm4a',
  'audio/x-m4a': 'm4a',
  'audio/aac': 'aac',
  'audio/ogg': 'ogg',
  'audio/flac': 'flac',
  'audio/x-flac': 'flac',
  'audio/webm': 'webm',
  'audio/aiff': 'aiff',
  'audio/x-aiff': 'aiff',
} as const;

export type PortraitContentType = keyof typeof PORTRAIT_CONTENT_TYPES;
export type AudioContentType = keyof typeof AUDIO_CONTENT_TYPES;

/**
 * API job ids: 26 characters of Crockford base32 (lower case), time first and inverted, so that
 * a listing in key order is newest first (functions/api/job-ids.ts).
 */
export const API_JOB_ID_PATTERN = /^[0-9a-hjkmnp-tv-z]{26}$/;

export const ApiJobIdSchema = z
  .string()
  .regex(API_JOB_ID_PATTERN, 'must be a job id as POST /v1/jobs returned it (26 characters)')
  .describe('The job id that POST /v1/jobs returned.');

const Timestamp = z.iso.datetime({ offset: true });

/** The emotion text: the manifest's own rule (non-blank, at most 2000 characters). */
export const EmotionSchema = JobManifestSchema.shape.emotion.describe(
  'Free-text emotion, e.g. "pleased at first, then quietly hurt".',
);

function mediaUpload<T extends Record<string, string>>(
  types: T,
  maxBytes: number,
  what: string,
  example: keyof T & string,
) {
  const names = Object.keys(types) as [keyof T & string, ...(keyof T & string)[]];
  const limit = `${maxBytes / 1024 / 1024} MiB (${maxBytes} bytes)`;
  return strictFields(
    {
      contentType: z
        .enum(names)
        .describe(`Media type of the ${what}; the upload must send exactly this Content-Type.`),
      size: z
        .number()
        .int()
        .min(1, `must be at least 1 byte: an empty file is no ${what}`)
        .max(maxBytes, { error: (issue) => `is ${String(issue.input)} bytes; accepted: at most ${limit}` })
        .describe(`Size of the ${what} in bytes; the upload is refused if it is larger.`),
    },
    { required: `the ${what} to upload, as { "contentType": "${example}", "size": <bytes> }` },
  );
}

export const PortraitUploadSchema = mediaUpload(
  PORTRAIT_CONTENT_TYPES,
  API_LIMITS.portraitMaxBytes,
  'portrait',
  'image/png',
);
export const AudioUploadSchema = mediaUpload(
  AUDIO_CONTENT_TYPES,
  API_LIMITS.audioMaxBytes,
  'speech track',
  'audio/wav',
);

export const CreateJobRequestSchema = strictFields({
  emotion: EmotionSchema,
  options: JobOptionsSchema.optional().describe('Tuning of the job; the pipeline fills in the rest.'),
  portrait: PortraitUploadSchema,
  audio: AudioUploadSchema,
  plan: ManifestPlanSchema.optional().describe(
    'A ready plan, e.g. one from POST /v1/think with edited AU intensities: the video follows it and no ' +
      `reasoner runs (the stored plan's reasoner is "user"). At most ${MANIFEST_LIMITS.planMaxBytes / 1024} KiB of JSON.`,
  ),
});

/** An S3 presigned POST: send a multipart/form-data POST to `url` with `fields`, then the `file` field last. */
export const PresignedPostSchema = z.object({
  url: z.string().describe('Where to POST the form (the S3 bucket endpoint).'),
  fields: z
    .record(z.string(), z.string())
    .describe('Form fields to send as they are, before the file field (named "file").'),
});

export const CreateJobResponseSchema = z.object({
  jobId: ApiJobIdSchema,
  uploads: z.object({ portrait: PresignedPostSchema, audio: PresignedPostSchema }),
  /** When the presigned POSTs stop working. */
  expiresAt: Timestamp,
});

/** `created`: waiting for the uploads and POST /v1/jobs/{id}/start; then the pipeline's stages. */
export const API_JOB_STAGES = ['created', ...JOB_STAGES] as const;
export const ApiJobStageSchema = z
  .enum(API_JOB_STAGES)
  .describe('created (uploads awaited) -> queued -> thinking -> drawing -> publishing -> succeeded | failed');

export const StartJobResponseSchema = z.object({
  jobId: ApiJobIdSchema,
  stage: ApiJobStageSchema,
  /** Where to poll: GET /v1/jobs/{id}. */
  statusUrl: z.string(),
});

/** Presigned GET URLs of a succeeded job's outputs. */
export const JobDownloadsSchema = z.object({
  video: z.string().describe('MP4 (H.264 + AAC).'),
  preview: z.string().describe('PNG contact sheet.'),
  plan: z.string().describe('The ExpressionPlan JSON the video was drawn from.'),
  expiresAt: Timestamp,
});

/** How far a drawing job is (the sampler's progress document, core/contracts/job-progress.ts). */
export const JobProgressViewSchema = z
  .object(JobProgressSchema.pick({ stage: true, done: true, total: true, updatedAt: true }).shape)
  .describe(
    'How far the Draw stage is, while the job is drawing: e.g. { stage: "render", done: 120, total: 250 } ' +
      'is frame 120 of 250. Best effort: absent until the sampler first reports, and in every other stage.',
  );

export const JobViewSchema = z.object({
  jobId: ApiJobIdSchema,
  stage: ApiJobStageSchema,
  emotion: z.string(),
  options: JobOptionsSchema.optional(),
  createdAt: Timestamp,
  startedAt: Timestamp.optional(),
  updatedAt: Timestamp,
  /** When each pipeline stage was entered. */
  timestamps: z.partialRecord(JobStageSchema, Timestamp),
  /** The reasoner that produced the plan (requested, until the job is published). */
  reasoner: z.string().optional(),
  seed: z.number().int().optional(),
  /** Seconds of video (the speech's duration), once drawn. */
  durationSec: z.number().nonnegative().optional(),
  error: JobErrorSchema.optional(),
  downloads: JobDownloadsSchema.optional(),
  /** Only while `stage` is `drawing`, once the sampler has reported. */
  progress: JobProgressViewSchema.optional(),
});

export const JobSummarySchema = JobViewSchema.pick({
  jobId: true,
  stage: true,
  emotion: true,
  createdAt: true,
  updatedAt: true,
  durationSec: true,
  error: true,
});

export const ListJobsQuerySchema = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(API_LIMITS.listMaxLimit)
    .default(API_LIMITS.listDefaultLimit)
    .describe('Jobs per page, newest first.'),
  cursor: z
    .string()
    .min(1)
    .max(API_LIMITS.cursorMaxLength)
    .optional()
    .describe('nextCursor of the previous page.'),
});

export const ListJobsResponseSchema = z.object({
  jobs: z.array(JobSummarySchema),
  /** Absent on the last page. */
  nextCursor: z.string().optional(),
});

export const ThinkRequestSchema = strictFields({
  emotion: EmotionSchema,
  reasoner: z
    .enum(MANIFEST_REASONERS)
    .optional()
    .describe("The Think stage's reasoner; the deployment's default when absent."),
});

export const ThinkResponseSchema = ExpressionPlanSchema;

/** RFC 4648 base64, no line breaks. */
const BASE64_PATTERN = /^[A-Za-z0-9+/]*={0,2}$/;

export const PreviewRequestSchema = strictFields({
  portrait: z
    .string()
    .min(1)
    .max(Math.ceil(API_LIMITS.previewPortraitMaxBytes / 3) * 4, {
      message: `must be at most ${API_LIMITS.previewPortraitMaxBytes / 1024 / 1024} MiB before base64`,
    })
    .regex(BASE64_PATTERN, 'must be the image file in base64 (RFC 4648, no line breaks or data: prefix)')
    .describe('The portrait file (PNG, JPEG or WebP with one face), base64; at most 4 MiB before encoding.'),
  plan: ExpressionPlanSchema.optional().describe(
    'The plan to show, e.g. one from POST /v1/think with edited AU intensities. With neither plan nor ' +
      'emotion: the neutral face (and its box), as the video would crop it.',
  ),
  emotion: EmotionSchema.optional().describe('Instead of a plan: the text, thought with the reasoner first.'),
  reasoner: z
    .enum(MANIFEST_REASONERS)
    .optional()
    .describe("The reasoner for `emotion`; the deployment's default when absent."),
  segment: z
    .number()
    .int()
    .min(0)
    .optional()
    .describe("The plan segment to show (0-based); the plan's apex (its strongest segment) when absent."),
  intensity: z
    .number()
    .min(0)
    .max(2)
    .optional()
    .describe('Scale of the expression, as the Draw stage applies it (1 = as planned).'),
  size: z
    .number()
    .int()
    .min(64)
    .max(API_LIMITS.previewMaxSize)
    .refine((n) => n % 2 === 0, 'must be even')
    .optional()
    .describe(`Side of the square image in px (even); ${PREVIEW_DEFAULT_SIZE} when absent.`),
  crop: z
    .enum(['face', 'full'])
    .optional()
    .describe("As a job's options.crop: a square around the face (default) or the whole portrait."),
}).refine((request) => !(request.plan && request.emotion), {
  message: 'send a plan or an emotion, not both',
  path: ['emotion'],
});

/** `yyyy-mm`, in UTC. */
export const UsagePeriodSchema = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month as yyyy-mm, e.g. 2026-01');

export const UsageQuerySchema = z.object({
  period: UsagePeriodSchema.optional().describe('The month (UTC); the current one when absent.'),
});

export const UsageReportSchema = z.object({
  period: UsagePeriodSchema,
  /** Start of the period (inclusive). */
  from: Timestamp,
  /** End of the period (exclusive). */
  to: Timestamp,
  /** Seconds of video published (the metered quantity). */
  videoSeconds: z.number().nonnegative(),
  frames: z.number().int().nonnegative(),
  /** Seconds the sampler worked on the published jobs. */
  samplerSeconds: z.number().nonnegative(),
  jobs: z.object({
    /** Jobs created (POST /v1/jobs) in the period. */
    created: z.number().int().nonnegative(),
    /** Jobs published in the period: the metered ones. */
    succeeded: z.number().int().nonnegative(),
  }),
});

/** The body of every error response. Messages are only detailed below 500. */
export const ApiErrorBodySchema = z.object({
  error: z.object({
    /** The error class, e.g. "RequestValidationError", "JobNotFoundError", "InvalidApiKeyError". */
    name: z.string(),
    message: z.string(),
    status: z.number().int(),
    /** The request field at fault, for 4xx: "emotion", "portrait", "options.size", "limit". */
    field: z.string().optional(),
    issues: z.array(FieldIssueSchema).optional(),
  }),
});

export type CreateJobRequest = z.infer<typeof CreateJobRequestSchema>;
export type CreateJobResponse = z.infer<typeof CreateJobResponseSchema>;
export type PresignedPost = z.infer<typeof PresignedPostSchema>;
export type ApiJobStage = (typeof API_JOB_STAGES)[number];
export type StartJobResponse = z.infer<typeof StartJobResponseSchema>;
export type JobView = z.infer<typeof JobViewSchema>;
export type JobSummary = z.infer<typeof JobSummarySchema>;
export type JobDownloads = z.infer<typeof JobDownloadsSchema>;
export type JobProgressView = z.infer<typeof JobProgressViewSchema>;
export type ListJobsQuery = z.infer<typeof ListJobsQuerySchema>;
export type ListJobsResponse = z.infer<typeof ListJobsResponseSchema>;
export type ThinkRequest = z.infer<typeof ThinkRequestSchema>;
export type PreviewRequest = z.infer<typeof PreviewRequestSchema>;
export type UsageQuery = z.infer<typeof UsageQuerySchema>;
export type UsageReport = z.infer<typeof UsageReportSchema>;
export type ApiErrorBody = z.infer<typeof ApiErrorBodySchema>;
