/**
 * Temporal envelopes of the plan's segments: how much of each segment's expression is present at
 * each video frame.
 *
 * Notation key
 *   t_f        the time of frame f's centre, (f + ½)/fps
 *   b_k        the boundary between segments k−1 and k, in seconds (plan fractions × duration)
 *   h_k        the half-width of the transition at b_k
 *   S(u)       smoothstep 3u² − 2u³ on [0, 1] (C¹: no velocity jump), 0 below, 1 above
 *   S_k(t)     S((t − b_k + h_k) / 2h_k), the crossfade from segment k−1 to k
 *   L(t)       the lead-in S(t / lead-in), O(t) the lead-out S((T_clip − t) / lead-out)
 *
 * Envelope of segment k (K segments, S_0 ≡ 1, S_K ≡ 0):
 *   w_k(t) = L(t) · O(t) · (S_k(t) − S_{k+1}(t))
 * so a segment's expression rises (onset: the lead-in for the first segment, the crossfade from
 * the previous one otherwise), holds at 1 (apex), then falls while the next rises (offset blended
 * into the next onset); between lead-in and lead-out Σ_k w_k = 1. Each h_k is capped at a quarter
 * of either neighbour, so the transitions never overlap and every apex keeps ≥ half its segment.
 */
import { ConditionError } from './condition-error.js';

export const ENVELOPE_DEFAULTS = {
  /**
   * Onset of the first segment, from a neutral face at the clip start. Short: a clip is cut from a
   * face that already feels the emotion, so the first frame (centre 0.02 s at 25 fps) is already half
   * way there and the second fully (a 0.3 s onset from zero showed the portrait's own expression,
   * e.g. its smile, for the first ~8 frames).
   * @default 0.04
   */
  leadInSec: 0.04,
  /** Duration of the crossfade between consecutive segments. @default 0.5 */
  transitionSec: 0.5,
  /** Offset back to neutral at the clip end; 0 holds the last apex to the end. @default 0 */
  leadOutSec: 0,
} as const;

export interface EnvelopeOptions {
  readonly leadInSec?: number;
  readonly transitionSec?: number;
  readonly leadOutSec?: number;
}

export interface SegmentSpan {
  /** Fraction of the clip, 0..1. */
  readonly start: number;
  readonly end: number;
}

export function smoothstep(u: number): number {
  if (u <= 0) return 0;
  if (u >= 1) return 1;
  return u * u * (3 - 2 * u);
}

/** w_k(t_f) for every segment k: K arrays of T values. */
export function segmentEnvelopes(
  segments: readonly SegmentSpan[],
  frames: number,
  fps: number,
  options: EnvelopeOptions = {},
): Float32Array[] {
  if (segments.length === 0) throw new ConditionError('the plan has no segments');
  if (!Number.isInteger(frames) || frames < 1)
    throw new ConditionError(`frames must be a positive integer, got ${frames}`);
  if (!(fps > 0)) throw new ConditionError(`fps must be positive, got ${fps}`);
  const leadIn = options.leadInSec ?? ENVELOPE_DEFAULTS.leadInSec;
  const transition = options.transitionSec ?? ENVELOPE_DEFAULTS.transitionSec;
  const leadOut = options.leadOutSec ?? ENVELOPE_DEFAULTS.leadOutSec;
  for (const [name, value] of Object.entries({ leadIn, transition, leadOut })) {
    if (!(value >= 0) || !Number.isFinite(value))
      throw new ConditionError(`${name} must be a finite duration ≥ 0`);
  }
  const duration = frames / fps;
  const lengths = segments.map((s) => (s.end - s.start) * duration);
  const boundaries = segments.slice(1).map((s, i) => {
    const half = Math.min(transition / 2, (lengths[i] as number) / 4, (lengths[i + 1] as number) / 4);
    return { at: s.start * duration, half };
  });
  // S_k(t): 0 before the crossfade into segment k, 1 after it.
  const crossed = (k: number, t: number): number => {
    if (k === 0) return 1;
    if (k === segments.length) return 0;
    const { at, half } = boundaries[k - 1] as { at: number; half: number };
    if (half === 0) return t >= at ? 1 : 0;
    return smoothstep((t - at + half) / (2 * half));
  };
  const envelopes = segments.map(() => new Float32Array(frames));
  for (let f = 0; f < frames; f++) {
    const t = (f + 0.5) / fps;
    const lead =
      (leadIn > 0 ? smoothstep(t / leadIn) : 1) * (leadOut > 0 ? smoothstep((duration - t) / leadOut) : 1);
    for (let k = 0; k < segments.length; k++) {
      (envelopes[k] as Float32Array)[f] = lead * (crossed(k, t) - crossed(k + 1, t));
    }
  }
  return envelopes;
}
