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
 *
 * The emotion is plain text: control characters other than tab and line breaks (NUL, escape
 * sequences, ...) are refused, since the text travels into logs, status records and a model prompt.
 * Unknown fields are refused with the list of accepted ones (strict-fields.ts).
 */
import { z } from 'zod';
import { ACTION_UNITS, KNOWN_AUS } from '../facs/action-units.js';
import { type ExpressionPlan, ExpressionPlanSchema } from '../plan/expression-plan.js';
import { REASONER_CHOICES } from '../plan/reasoner-choices.js';
import { DrawOptionsSchema } from './draw-request.js';
import { requiredField, strictFields } from './strict-fields.js';

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

type PlanCheckContext = Parameters<Parameters<typeof ExpressionPlanSchema.superRefine>[0]>[1];

function checkPlanSize(plan: ExpressionPlan, ctx: PlanCheckContext): void {
  const bytes = jsonByteLength(plan);
  if (bytes > MANIFEST_LIMITS.planMaxBytes)
    ctx.addIssue({
      code: 'custom',
      message: `is ${bytes} bytes of JSON, over the ${MANIFEST_LIMITS.planMaxBytes}-byte limit`,
    });
}

function checkPlanActionUnits(plan: ExpressionPlan, ctx: PlanCheckContext): void {
  plan.segments.forEach((segment, s) => {
    segment.actionUnits.forEach((unit, u) => {
      if (!KNOWN_AUS.has(unit.au))
        ctx.addIssue({
          code: 'custom',
          path: ['segments', s, 'actionUnits', u, 'au'],
          message: `AU${unit.au} is not in the FACS catalogue; accepted: ${ACTION_UNITS.map((entry) => entry.au).join(', ')}`,
        });
    });
  });
}

/**
 * A user-edited ExpressionPlan, bounded so that it travels in the state machine's input. What
 * stored records hold (api-job-record.ts); a new manifest's plan is checked further (below).
 */
export const BoundedPlanSchema = ExpressionPlanSchema.superRefine(checkPlanSize);

/**
 * A manifest's user plan: bounded, and naming catalogue AUs only (core/facs/action-units.ts). The
 * Think stage would refuse any other (UnknownActionUnitError); checked here, the job is refused
 * (ingest, POST /v1/jobs) before its media are uploaded or read, with the path of each unknown AU.
 */
export const ManifestPlanSchema = ExpressionPlanSchema.superRefine((plan, ctx) => {
  checkPlanSize(plan, ctx);
  checkPlanActionUnits(plan, ctx);
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
export const RelativeKeySchema = relativeKeySchema();

function relativeKeySchema(what?: string) {
  return z.string(what ? requiredField(what) : undefined).superRefine((key, ctx) => {
    const problem = relativeKeyProblem(key);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
}

/** The first control character of `text` that an emotion may not hold (tabs and line breaks may). */
function disallowedControl(text: string): { code: number; index: number } | undefined {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    const allowed = code >= 0x09 && code <= 0x0d; // tab, line feed, vertical tab, form feed, return
    if ((code < 0x20 && !allowed) || (code >= 0x7f && code <= 0x9f)) return { code, index };
  }
  return undefined;
}

/** Why an emotion text of acceptable length is refused, or undefined. */
export function emotionTextProblem(text: string): string | undefined {
  const control = disallowedControl(text);
  if (!control) return undefined;
  const codePoint = `U+${control.code.toString(16).toUpperCase().padStart(4, '0')}`;
  return (
    `must not contain control characters (${codePoint} at character ${control.index + 1}); ` +
    'accepted: plain text, tabs and line breaks'
  );
}

const EMOTION_EXAMPLE = '"pleased at first, then quietly hurt"';

/** The emotion text: non-blank plain text of at most MANIFEST_LIMITS.emotionMaxLength characters. */
export const EmotionTextSchema = z
  .string(requiredField(`the emotion as free text, e.g. ${EMOTION_EXAMPLE}`))
  .regex(/\S/, `must describe the emotion, e.g. ${EMOTION_EXAMPLE}`)
  .max(MANIFEST_LIMITS.emotionMaxLength, {
    error: (issue) =>
      `is ${String(issue.input).length} characters long; accepted: at most ${MANIFEST_LIMITS.emotionMaxLength}`,
  })
  .superRefine((text, ctx) => {
    const problem = emotionTextProblem(text);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

const draw = DrawOptionsSchema.shape;

/** Tuning of one job; every field is optional and the pipeline's defaults fill the rest. */
export const JobOptionsSchema = strictFields({
  seed: draw.seed,
  steps: draw.steps,
  size: draw.size,
  fps: draw.fps,
  crop: draw.crop,
  /** The Think stage's reasoner: `facs` (offline) or `bedrock`. */
  reasoner: z.enum(MANIFEST_REASONERS).optional(),
});

export const JobManifestSchema = strictFields({
  /** The portrait (PNG, JPEG or WebP), relative to the job folder. */
  portrait: relativeKeySchema('the portrait\'s file name, relative to the job folder, e.g. "portrait.png"'),
  /** The speech track (WAV, MP3, M4A, OGG, FLAC, ...), relative to the job folder. */
  audio: relativeKeySchema('the speech track\'s file name, relative to the job folder, e.g. "speech.wav"'),
  /** Free-text emotion, e.g. "pleased at first, then quietly hurt". */
  emotion: EmotionTextSchema,
  options: JobOptionsSchema.optional(),
  /** A ready plan (e.g. user-edited AUs): Think validates and stores it, no reasoner runs. */
  plan: ManifestPlanSchema.optional(),
});

export type JobOptions = z.infer<typeof JobOptionsSchema>;
export type JobManifest = z.infer<typeof JobManifestSchema>;
export type ManifestReasoner = (typeof MANIFEST_REASONERS)[number];
