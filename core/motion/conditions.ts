/**
 * The motion conditions: what the Draw stage conditions the denoiser on, built from the
 * expression plan and the speech features. Layout (C = D): condition channel d is the target of
 * motion channel d; the all-zero condition is the model's null token.
 *
 * Per frame t and channel d:
 *   global[t,d]  = Σ_k w_k(t) · g_k[d]    AU channels: emotion prototypes (au-targets.ts)
 *   local[t,d]   = Σ_k w_k(t) · l_k[d]    AU channels: the plan's own AUs and sides
 *   both         articulation channels = the speech targets a[t,d]; blink = the blink schedule;
 *                head and gaze = 0 (the prior supplies natural motion; `plan.global.headMotion`
 *                cannot be expressed as a target, so `sampleMotion` post-scales the head)
 *   neutral      articulation and blink as above, every AU 0: the emotion-free condition
 *   null         all zeros
 * with w_k the segment envelopes (envelopes.ts). `intensity` multiplies the AU targets (clamped to
 * [0, 1]). Speech features shorter than T are padded with silence (jawOpen 0, lipClose 1).
 */
import type { ExpressionPlan } from '../plan/expression-plan.js';
import type { Rng } from '../sampler/rng.js';
import type { SpeechFeatures } from '../speech/speech-features.js';
import {
  globalSegmentTargets,
  localSegmentTargets,
  type PrototypeLookup,
  segmentWantsBlink,
} from './au-targets.js';
import {
  BLINK_DEFAULTS,
  type BlinkOptions,
  mergeBlinkEvents,
  renderBlinks,
  scheduleBlinks,
} from './blink-schedule.js';
import {
  ARTICULATION_CHANNELS,
  type ArticulationChannel,
  CHANNEL_COUNT,
  CHANNEL_NAMES,
  channelIndex,
  MOTION_CHANNELS,
} from './channels.js';
import { ConditionError } from './condition-error.js';
import { ENVELOPE_DEFAULTS, type EnvelopeOptions, segmentEnvelopes } from './envelopes.js';
import { groupMask, type RegionMasks, regionMasks } from './region-masks.js';

export const CONDITION_DEFAULTS = {
  /** Multiplies every AU target of the global and local conditions. @default 1 */
  intensity: 1,
  envelope: ENVELOPE_DEFAULTS,
  blink: BLINK_DEFAULTS,
} as const;

/** Articulation values of a silent frame, as `SpeechFeatures` documents silence. */
const SILENCE: Readonly<Record<ArticulationChannel, number>> = {
  jawOpen: 0,
  lipRound: 0,
  lipSpread: 0,
  lipClose: 1,
};

export interface MotionConditionsInput {
  readonly plan: ExpressionPlan;
  readonly speech: SpeechFeatures;
  /** Video frame rate; must equal `speech.fps`. */
  readonly fps: number;
  /** T; default `speech.frames`. */
  readonly frames?: number;
  readonly prototypeFor: PrototypeLookup;
  /** Drives the blink schedule (its own RNG stream). */
  readonly blinkRng: Rng;
  readonly intensity?: number;
  readonly envelope?: EnvelopeOptions;
  readonly blink?: BlinkOptions;
}

export interface MotionConditions {
  readonly frames: number;
  readonly channels: readonly string[];
  readonly global: Float32Array;
  readonly local: Float32Array;
  readonly null: Float32Array;
  readonly neutral: Float32Array;
  /** Speech articulation targets on the articulation channels, 0 elsewhere (T×D). */
  readonly articulation: Float32Array;
  /** 1 on the articulation channels (D). */
  readonly articulationMask: Float32Array;
  readonly regionMasks: RegionMasks;
  /** w_k(t), one array of T per plan segment. */
  readonly envelopes: readonly Float32Array[];
  /** Blink apex times, seconds. */
  readonly blinksSec: readonly number[];
  readonly warnings: readonly string[];
}

export function buildMotionConditions(input: MotionConditionsInput): MotionConditions {
  const { plan, speech, fps, prototypeFor } = input;
  const frames = input.frames ?? speech.frames;
  const intensity = input.intensity ?? CONDITION_DEFAULTS.intensity;
  if (!Number.isInteger(frames) || frames < 1)
    throw new ConditionError(`frames must be a positive integer, got ${frames}`);
  if (Math.abs(speech.fps - fps) > 1e-9) {
    throw new ConditionError(`speech features are at ${speech.fps} fps, the motion at ${fps} fps`);
  }
  if (!(intensity >= 0) || !Number.isFinite(intensity))
    throw new ConditionError(`intensity must be ≥ 0, got ${intensity}`);
  const warnings = new Set<string>(speech.warnings);
  const size = frames * CHANNEL_COUNT;

  // 1. Segment envelopes and per-segment AU vectors.
  const envelopes = segmentEnvelopes(plan.segments, frames, fps, input.envelope);
  const globalVectors = plan.segments.map((s) => globalSegmentTargets(s, prototypeFor, warnings));
  const localVectors = plan.segments.map((s) => localSegmentTargets(s, warnings));
  const global = new Float32Array(size);
  const local = new Float32Array(size);
  const auChannels = MOTION_CHANNELS.flatMap((c, d) => (c.group === 'au' ? [d] : []));
  for (let t = 0; t < frames; t++) {
    for (const d of auChannels) {
      let g = 0;
      let l = 0;
      plan.segments.forEach((_, k) => {
        const w = envelopes[k]?.[t] as number;
        g += w * (globalVectors[k]?.[d] as number);
        l += w * (localVectors[k]?.[d] as number);
      });
      global[t * CHANNEL_COUNT + d] = Math.min(1, intensity * g);
      local[t * CHANNEL_COUNT + d] = Math.min(1, intensity * l);
    }
  }

  // 2. Speech articulation, padded with silence past the end of the features.
  if (speech.frames < frames)
    warnings.add(`speech covers ${speech.frames} of ${frames} frames; the rest is silence`);
  const articulation = new Float32Array(size);
  for (const name of ARTICULATION_CHANNELS) {
    const d = channelIndex(name);
    const track = speech.articulation[name];
    for (let t = 0; t < frames; t++) {
      articulation[t * CHANNEL_COUNT + d] =
        t < speech.frames && t < track.length ? (track[t] as number) : SILENCE[name];
    }
  }

  // 3. Blinks: the seeded schedule plus the plan's AU45/AU46 events, placed where their
  //    segment's expression has arrived (the lead-in, at most a quarter of the segment, in).
  const durationSec = frames / fps;
  const leadIn = input.envelope?.leadInSec ?? ENVELOPE_DEFAULTS.leadInSec;
  const events = plan.segments.flatMap((s) => {
    if (!segmentWantsBlink(s, warnings)) return [];
    const length = (s.end - s.start) * durationSec;
    return [s.start * durationSec + Math.min(leadIn, length / 4)];
  });
  const blinksSec = mergeBlinkEvents(
    scheduleBlinks(plan.global.blinkRatePerMin, durationSec, input.blinkRng, input.blink),
    events,
    input.blink?.minGapSec ?? BLINK_DEFAULTS.minGapSec,
  );
  const blinkTrack = renderBlinks(blinksSec, frames, fps, input.blink);

  // 4. Articulation and blink go into every condition but the null one.
  const neutral = Float32Array.from(articulation);
  const blinkChannel = channelIndex('blink');
  for (let t = 0; t < frames; t++) neutral[t * CHANNEL_COUNT + blinkChannel] = blinkTrack[t] as number;
  const shared = [...ARTICULATION_CHANNELS.map((name) => channelIndex(name)), blinkChannel];
  for (let t = 0; t < frames; t++) {
    for (const d of shared) {
      const k = t * CHANNEL_COUNT + d;
      global[k] = neutral[k] as number;
      local[k] = neutral[k] as number;
    }
  }

  return {
    frames,
    channels: CHANNEL_NAMES,
    global,
    local,
    null: new Float32Array(size),
    neutral,
    articulation,
    articulationMask: groupMask('articulation'),
    regionMasks: regionMasks(),
    envelopes,
    blinksSec,
    warnings: [...warnings],
  };
}
