/**
 * Checking plans and emotion texts at the boundary. Every reasoner and every plan file goes
 * through here: `validateEmotionText` on the way in, then `clampPlan` (for model output, which
 * may stray slightly out of range), `parsePlan` and `assertKnownActionUnits` on the way out.
 */
import { ACTION_UNITS, KNOWN_AUS } from '../facs/action-units.js';
import { EmotionTextError, PlanValidationError, UnknownActionUnitError } from './errors.js';
import { type ExpressionPlan, ExpressionPlanSchema } from './expression-plan.js';

export const VALIDATE_DEFAULTS = {
  /** Segment boundaries this close to where they should be are snapped into place. @default 1e-3 */
  snapTolerance: 1e-3,
  /** Blink rate range of the schema, per minute. @default [0, 60] */
  blinkRateRange: [0, 60],
} as const;

/** Parses a plan with ExpressionPlanSchema; throws PlanValidationError listing the issue paths. */
export function parsePlan(input: unknown): ExpressionPlan {
  const result = ExpressionPlanSchema.safeParse(input);
  if (!result.success) throw new PlanValidationError(result.error.issues, { cause: result.error });
  return result.data;
}

/** Throws UnknownActionUnitError when the plan names AUs outside the FACS catalogue. */
export function assertKnownActionUnits(plan: ExpressionPlan): void {
  const unknown = new Set<number>();
  for (const segment of plan.segments) {
    for (const unit of segment.actionUnits) if (!KNOWN_AUS.has(unit.au)) unknown.add(unit.au);
  }
  if (unknown.size > 0) {
    throw new UnknownActionUnitError(
      [...unknown].sort((a, b) => a - b),
      ACTION_UNITS.map((u) => u.au),
    );
  }
}

/**
 * Returns the trimmed text if it is usable as an emotion description; throws EmotionTextError
 * for a non-string, an empty or whitespace-only string, or one longer than `maxLength` after
 * trimming.
 */
export function validateEmotionText(text: unknown, maxLength: number): string {
  if (typeof text !== 'string') {
    const got = text === null ? 'null' : Array.isArray(text) ? 'an array' : typeof text;
    throw new EmotionTextError('not-a-string', `expected a string, got ${got}`, maxLength);
  }
  if (text.length === 0) throw new EmotionTextError('empty', 'the text is empty', maxLength);
  const trimmed = text.trim();
  if (trimmed.length === 0)
    throw new EmotionTextError('whitespace-only', 'the text is only whitespace', maxLength);
  if (trimmed.length > maxLength) {
    throw new EmotionTextError('too-long', `the text is ${trimmed.length} characters long`, maxLength);
  }
  return trimmed;
}

type Json = Record<string, unknown>;

const isObject = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);
const isNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const clampNumber = (x: unknown, lo: number, hi: number): unknown =>
  isNumber(x) ? Math.min(hi, Math.max(lo, x)) : x;

function clampSegment(raw: unknown): unknown {
  if (!isObject(raw)) return raw;
  const segment: Json = { ...raw };
  segment.start = clampNumber(segment.start, 0, 1);
  segment.end = clampNumber(segment.end, 0, 1);
  segment.valence = clampNumber(segment.valence, -1, 1);
  segment.arousal = clampNumber(segment.arousal, 0, 1);
  if (Array.isArray(segment.actionUnits)) {
    segment.actionUnits = segment.actionUnits.map((u) =>
      isObject(u) ? { ...u, intensity: clampNumber(u.intensity, 0, 1) } : u,
    );
  }
  if (Array.isArray(segment.emotions)) segment.emotions = normaliseWeights(segment.emotions);
  return segment;
}

/** Clamps weights into [0, 1] and rescales them to sum to 1 (equal shares if all are 0). */
function normaliseWeights(emotions: unknown[]): unknown[] {
  const clamped = emotions.map((e) => (isObject(e) ? { ...e, weight: clampNumber(e.weight, 0, 1) } : e));
  const weights = clamped.map((e) => (isObject(e) && isNumber(e.weight) ? e.weight : undefined));
  if (weights.some((w) => w === undefined) || clamped.length === 0) return clamped;
  const total = (weights as number[]).reduce((sum, w) => sum + w, 0);
  return clamped.map((e) => ({
    ...(e as Json),
    weight: total > 0 ? ((e as Json).weight as number) / total : 1 / clamped.length,
  }));
}

/** Snaps boundaries within the tolerance: first start to 0, last end to 1, each start to the previous end. */
function snapSegments(segments: unknown[]): unknown[] {
  const tolerance = VALIDATE_DEFAULTS.snapTolerance;
  const result = segments.map((s) => (isObject(s) ? { ...s } : s));
  const first = result[0];
  if (isObject(first) && isNumber(first.start) && Math.abs(first.start) <= tolerance) first.start = 0;
  const last = result[result.length - 1];
  if (isObject(last) && isNumber(last.end) && Math.abs(last.end - 1) <= tolerance) last.end = 1;
  for (let i = 1; i < result.length; i++) {
    const previous = result[i - 1];
    const current = result[i];
    if (
      isObject(previous) &&
      isObject(current) &&
      isNumber(previous.end) &&
      isNumber(current.start) &&
      Math.abs(current.start - previous.end) <= tolerance
    ) {
      current.start = previous.end;
    }
  }
  return result;
}

/**
 * Brings a near-miss plan (typically a model's) into range before parsing: intensities, weights,
 * valence, arousal, head motion and blink rate are clamped to the schema's ranges, emotion weights
 * are rescaled to sum to 1 and segment boundaries within 1e-3 of contiguity are snapped. Anything
 * it cannot read (missing fields, wrong types) is left for `parsePlan` to report. Never mutates.
 */
export function clampPlan(raw: unknown): unknown {
  if (!isObject(raw)) return raw;
  const plan: Json = { ...raw };
  if (Array.isArray(plan.segments)) plan.segments = snapSegments(plan.segments.map(clampSegment));
  if (isObject(plan.global)) {
    const [lo, hi] = VALIDATE_DEFAULTS.blinkRateRange;
    plan.global = {
      ...plan.global,
      blinkRatePerMin: clampNumber(plan.global.blinkRatePerMin, lo, hi),
      headMotion: clampNumber(plan.global.headMotion, 0, 1),
    };
  }
  return plan;
}
