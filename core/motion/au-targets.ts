/**
 * Action units -> motion-channel targets, per plan segment (one D-vector per segment; the
 * envelopes spread it over time).
 *
 * Channel mapping
 * - Lateral AUs (AU2, AU12, AU14: split in `channels.ts`): side 'left' -> `AU<n>L` only, 'right'
 *   -> `AU<n>R` only, 'both' (or no side) -> both channels. Sides are the subject's own.
 * - Other AUs have one channel; a one-sided request is applied to that channel (warning).
 * - AU43 (eyes closed) is a sustained target on its channel like any other AU.
 * - AU45 (blink) and AU46 (wink) are events, not sustained targets: FACS scores them without
 *   intensity and they last ~0.2 s. They become blink events (`blink-schedule.ts`); a wink
 *   becomes a blink, as the channel set has no per-eye closure (warning).
 * - AUs without a channel are dropped with a warning.
 * Several activations of one channel combine by max.
 *
 * Global condition (emotion localisation), segment k with emotions e and weights ω_e:
 *   g_k = clamp( s_k · Σ_e ω̂_e · P_e , 0, 1 ),   ω̂ = ω / max(1, Σ ω)
 * with P_e the prototype AU vector of emotion e (injected `prototypeFor`) over the whole face and
 * s_k the segment's overall intensity: the largest intensity among its own AUs (events
 * excluded), or its arousal when it lists none. A one-sided prototype AU takes the side the
 * segment's own AUs give it, if they give it one.
 * Local condition (muscle control): l_k = the segment's own AUs with their sides.
 */
import type { PlanSegment, Side } from '../plan/expression-plan.js';
import { CHANNEL_COUNT, CHANNEL_NAMES, LATERAL_AUS } from './channels.js';

export interface AuActivation {
  readonly au: number;
  /** 0..1 */
  readonly intensity: number;
  /** Default 'both'. */
  readonly side?: Side;
}

/** The emotion prototypes (core/facs): AUs of a basic or compound emotion label, or undefined. */
export type PrototypeLookup = (label: string) => readonly AuActivation[] | undefined;

export const BLINK_AU = 45;
export const WINK_AU = 46;

const isEvent = (au: number): boolean => au === BLINK_AU || au === WINK_AU;

/** Channel indices an AU with a side writes to; pushes a warning when the mapping is lossy. */
export function auChannels(au: number, side: Side, warnings: Set<string>): number[] {
  if (LATERAL_AUS.has(au)) {
    const left = CHANNEL_NAMES.indexOf(`AU${au}L`);
    const right = CHANNEL_NAMES.indexOf(`AU${au}R`);
    return side === 'left' ? [left] : side === 'right' ? [right] : [left, right];
  }
  const index = CHANNEL_NAMES.indexOf(`AU${au}`);
  if (index < 0) {
    warnings.add(`AU${au} has no motion channel and was dropped`);
    return [];
  }
  if (side !== 'both') warnings.add(`AU${au} has no per-side channels; side '${side}' applied to both sides`);
  return [index];
}

/** A D-vector of AU targets (max-combined); event AUs (45, 46) are skipped. */
export function auTargets(activations: readonly AuActivation[], warnings: Set<string>): Float32Array {
  const targets = new Float32Array(CHANNEL_COUNT);
  for (const { au, intensity, side = 'both' } of activations) {
    if (isEvent(au)) continue;
    const value = Math.min(1, Math.max(0, intensity));
    for (const d of auChannels(au, side, warnings)) targets[d] = Math.max(targets[d] as number, value);
  }
  return targets;
}

/** s_k: the segment's overall intensity. */
export function segmentIntensity(segment: PlanSegment): number {
  const own = segment.actionUnits.filter((a) => !isEvent(a.au)).map((a) => a.intensity);
  return own.length > 0 ? Math.min(1, Math.max(...own)) : segment.arousal;
}

/** g_k: the emotion prototypes of a segment, weighted and scaled, over the whole face. */
export function globalSegmentTargets(
  segment: PlanSegment,
  prototypeFor: PrototypeLookup,
  warnings: Set<string>,
): Float32Array {
  const total = segment.emotions.reduce((sum, e) => sum + e.weight, 0);
  const norm = Math.max(1, total);
  const scale = segmentIntensity(segment);
  const sum = new Float64Array(CHANNEL_COUNT);
  for (const { label, weight } of segment.emotions) {
    const prototype = prototypeFor(label);
    if (!prototype) {
      warnings.add(`no prototype for emotion "${label}"; it adds nothing to the global condition`);
      continue;
    }
    const sided = prototype.map((a) => {
      if (!a.side || a.side === 'both') return a;
      const own = segment.actionUnits.find((u) => u.au === a.au && u.side !== 'both');
      return own ? { ...a, side: own.side } : a;
    });
    const vector = auTargets(sided, warnings);
    for (let d = 0; d < CHANNEL_COUNT; d++)
      sum[d] = (sum[d] as number) + (weight / norm) * (vector[d] as number);
  }
  return Float32Array.from(sum, (v) => Math.min(1, Math.max(0, scale * v)));
}

/** l_k: the segment's own AUs with their sides. */
export function localSegmentTargets(segment: PlanSegment, warnings: Set<string>): Float32Array {
  return auTargets(segment.actionUnits, warnings);
}

/** Whether the segment asks for a blink event (AU45 or AU46 with intensity > 0). */
export function segmentWantsBlink(segment: PlanSegment, warnings: Set<string>): boolean {
  let wants = false;
  for (const { au, intensity } of segment.actionUnits) {
    if (!isEvent(au) || intensity <= 0) continue;
    if (au === WINK_AU) warnings.add('AU46 (wink) is rendered as a blink: no per-eye closure channel');
    wants = true;
  }
  return wants;
}
