/**
 * Timing and whole-clip dynamics: where segments start and end, how ramps ("increasingly")
 * subdivide a phase, and the blink rate and head motion of the clip.
 *
 * Notation: A = duration-weighted mean arousal of the segments (0..1), X = duration-weighted share
 * of fearful/anxious emotions (0..1).
 *   blinkRatePerMin = clamp(restingBlinkRate + blinkPerArousal * (A - 0.3) + anxietyBlinkBonus * X)
 *   headMotion      = clamp(headMotionAtRest + headMotionPerArousal * A, 0, 1)
 * Spontaneous blinking runs at about 17/min at rest (Bentivoglio et al. 1997) and rises with
 * arousal and anxiety; head movement grows with arousal.
 */
import type { PlanSegment } from '../plan/expression-plan.js';

export const DYNAMICS_DEFAULTS = {
  /** Blinks per minute at resting arousal (0.3). @default 17 */
  restingBlinkRate: 17,
  /** Extra blinks per minute per unit of arousal above rest. @default 16 */
  blinkPerArousal: 16,
  /** Extra blinks per minute when the whole clip is fearful or anxious. @default 8 */
  anxietyBlinkBonus: 8,
  /** @default 6 */
  minBlinkRate: 6,
  /** @default 40 */
  maxBlinkRate: 40,
  /** Head motion of a calm speaker. @default 0.1 */
  headMotionAtRest: 0.1,
  /** Head motion per unit of arousal. @default 0.7 */
  headMotionPerArousal: 0.7,
  /** Intensity factors of the sub-segments of a rising phase; a falling one runs them backwards. @default [0.35, 0.65, 1] */
  risingRamp: [0.35, 0.65, 1],
  /** Segment boundaries are rounded to this many decimals. @default 4 */
  boundaryDecimals: 4,
} as const;

const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

/** Intensity factors for the sub-segments of a phase. */
export function rampFactors(direction: 'rising' | 'falling' | undefined): readonly number[] {
  if (!direction) return [1];
  const rising = DYNAMICS_DEFAULTS.risingRamp;
  return direction === 'rising' ? rising : [...rising].reverse();
}

/**
 * Contiguous [start, end] pairs covering [0, 1] for parts of the given relative lengths. Each
 * start is the previous end (the same number), the first start is 0 and the last end is 1.
 */
export function segmentBounds(lengths: readonly number[]): [number, number][] {
  const total = lengths.reduce((sum, x) => sum + x, 0);
  const scale = 10 ** DYNAMICS_DEFAULTS.boundaryDecimals;
  const bounds: [number, number][] = [];
  let cumulative = 0;
  let start = 0;
  lengths.forEach((length, i) => {
    cumulative += length;
    const end = i === lengths.length - 1 ? 1 : Math.round((cumulative / total) * scale) / scale;
    bounds.push([start, end]);
    start = end;
  });
  return bounds;
}

const isAnxious = (label: string): boolean => label === 'anxious' || label.includes('fear');

export interface ClipDynamics {
  readonly blinkRatePerMin: number;
  readonly headMotion: number;
  /** A: duration-weighted mean arousal. */
  readonly meanArousal: number;
  /** X: duration-weighted share of fearful/anxious emotions. */
  readonly anxiety: number;
  readonly meanValence: number;
}

export function clipDynamics(segments: readonly PlanSegment[]): ClipDynamics {
  let arousal = 0;
  let valence = 0;
  let anxiety = 0;
  for (const s of segments) {
    const duration = s.end - s.start;
    arousal += duration * s.arousal;
    valence += duration * s.valence;
    anxiety += duration * s.emotions.filter((e) => isAnxious(e.label)).reduce((sum, e) => sum + e.weight, 0);
  }
  const d = DYNAMICS_DEFAULTS;
  const blink = d.restingBlinkRate + d.blinkPerArousal * (arousal - 0.3) + d.anxietyBlinkBonus * anxiety;
  return {
    blinkRatePerMin: Math.round(clamp(blink, d.minBlinkRate, d.maxBlinkRate) * 10) / 10,
    headMotion: Math.round(clamp(d.headMotionAtRest + d.headMotionPerArousal * arousal, 0, 1) * 1000) / 1000,
    meanArousal: arousal,
    anxiety,
    meanValence: valence,
  };
}
