/**
 * The job manifest `incoming/<name>/job.json`: writing it starts a job. Its field names are a
 * contract with every client (file drops, the AWS CLI, the REST API), so objects are strict: a
 * misspelt field is reported by name rather than silently ignored.
 *
 *   {
 *     "portrait": "portrait.png",          key relative to incoming/<name>/
 *     "audio": "speech.wav",               key relative to incoming/<name>/
 *     "emotion": "pleased at first, then quietly hurt",
 *     "options": { "seed": 7, "steps": 24, "size": 512, "fps": 25, "crop": "face", "reasoner": "facs" },
 *     "plan": { "schemaVersion": 1, ... }  optional: a user-edited ExpressionPlan (the studio's
 *                                           AU sliders); Think stores it as is (reasoner "user")
 *   }
 *
 * The plan travels in the state machine's input (`thinkOptions.plan`), and every Step Functions
 * state payload is limited to 256 KB, so it is limited to MANIFEST_LIMITS.planMaxBytes (32 KiB
 * serialized; a reasoner's plan is about 8 KB), well inside the manifest's own 64 KiB limit.
 *
 * Media keys must stay inside the job folder: absolute keys, backslashes, empty segments ("//",
 * a trailing "/"), "." and ".." segments and control characters are refused.
 */
import { z } from 'zod';
import { ExpressionPlanSchema } from '../plan/expression-plan.js';
import { REASONER_CHOICES } from '../plan/reasoner-choices.js';
import { DrawOptionsSchema } from './draw-request.js';

/** The manifest's file name: `incoming/<name>/job.json`. */
export const MANIFEST_FILE = 'job.json';

/** The reasoners a manifest may ask for (the Think stage's choices). */
export const MANIFEST_REASONERS = REASONER_CHOICES;

export const MANIFEST_LIMITS = {
  /** Longest media key, relative to the job folder, in characters. @default 512 */
  relativeKeyMaxLength: 512,
  /** Longest emotion text in characters (FACS_REASONER_DEFAULTS.maxLength). @default 2000 */
  emotionMaxLength: 2000,
  /** Largest manifest accepted, in bytes. @default 65536 */
  manifestMaxBytes: 65_536,
  /**
   * Largest user plan accepted, in bytes of its JSON (UTF-8). It rides in the state machine's
   * input, whose states are limited to 256 KB by Step Functions. @default 32768
   */
  planMaxBytes: 32_768,
} as const;

/** Bytes of a value's JSON, UTF-8. */
export function jsonByteLength(value: unknown): number {
  return new TextEncoder().encode(JSON.stringify(value) ?? '').length;
}

/** A user-edited ExpressionPlan, bounded so that it travels in the state machine's input. */
export const ManifestPlanSchema = ExpressionPlanSchema.superRefine((plan, ctx) => {
  const bytes = jsonByteLength(plan);
  if (bytes > MANIFEST_LIMITS.planMaxBytes)
    ctx.addIssue({
      code: 'custom',
      message: `is ${bytes} bytes of JSON, over the ${MANIFEST_LIMITS.planMaxBytes}-byte limit`,
    });
});

function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/** Why a relative key is refused, or undefined when it is acceptable. */
export function relativeKeyProblem(key: string): string | undefined {
  if (key.length === 0) return 'must name a file inside the job folder, e.g. "portrait.png"';
  if (key.length > MANIFEST_LIMITS.relativeKeyMaxLength)
    return `must be at most ${MANIFEST_LIMITS.relativeKeyMaxLength} characters`;
  if (key.startsWith('/')) return 'must be relative to the job folder, not absolute (no leading "/")';
  if (key.includes('\\')) return 'must use "/" as separator, not backslashes';
  if (hasControlCharacter(key)) return 'must not contain control characters';
  const segments = key.split('/');
  if (segments.some((segment) => segment === '..' || segment === '.'))
    return 'must stay inside the job folder: "." and ".." segments are not allowed';
  if (segments.some((segment) => segment === ''))
    return 'must not contain empty segments ("//" or a trailing "/")';
  return undefined;
}

/** A key relative to `incoming/<name>/` that cannot escape it. */
export const RelativeKeySchema = z.string().superRefine((key, ctx) => {
  const problem = relativeKeyProblem(key);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

const draw = DrawOptionsSchema.shape;

/** Tuning of one job; every field is optional and the pipeline's defaults fill the rest. */
export const JobOptionsSchema = z.strictObject({
  seed: draw.seed,
  steps: draw.steps,
  size: draw.size,
  fps: draw.fps,
  crop: draw.crop,
  /** The Think stage's reasoner: `facs` (offline) or `bedrock`. */
  reasoner: z.enum(MANIFEST_REASONERS).optional(),
});

export const JobManifestSchema = z.strictObject({
  /** The portrait (PNG, JPEG or WebP), relative to the job folder. */
  portrait: RelativeKeySchema,
  /** The speech track (WAV, MP3, M4A, OGG, FLAC, ...), relative to the job folder. */
  audio: RelativeKeySchema,
  /** Free-text emotion, e.g. "pleased at first, then quietly hurt". */
  emotion: z
    .string()
    .regex(/\S/, 'must describe the emotion, e.g. "pleased at first, then quietly hurt"')
    .max(MANIFEST_LIMITS.emotionMaxLength),
  options: JobOptionsSchema.optional(),
  /** A ready plan (e.g. user-edited AUs): Think validates and stores it, no reasoner runs. */
  plan: ManifestPlanSchema.optional(),
});

export type JobOptions = z.infer<typeof JobOptionsSchema>;
export type JobManifest = z.infer<typeof JobManifestSchema>;
export type ManifestReasoner = (typeof MANIFEST_REASONERS)[number];
