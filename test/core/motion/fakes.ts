/** Test fixtures for the motion conditions: a plan builder and synthetic speech features. */

import type { AuActivation, PrototypeLookup } from '../../../core/motion/au-targets.js';
import type { ExpressionPlan, PlanSegment } from '../../../core/plan/expression-plan.js';
import type { SpeechFeatures } from '../../../core/speech/speech-features.js';

export function segment(overrides: Partial<PlanSegment> = {}): PlanSegment {
  return {
    start: 0,
    end: 1,
    emotions: [{ label: 'happy', weight: 1 }],
    valence: 0.8,
    arousal: 0.6,
    actionUnits: [
      { au: 6, name: 'Cheek raiser', intensity: 0.5, side: 'both' },
      { au: 12, name: 'Lip corner puller', intensity: 0.8, side: 'both' },
    ],
    regions: {},
    ...overrides,
  };
}

export function makePlan(
  segments: PlanSegment[] = [segment()],
  global = { blinkRatePerMin: 0, headMotion: 0.5 },
): ExpressionPlan {
  return { schemaVersion: 1, prompt: 'test', reasoner: 'user', chain: [], segments, global };
}

/** Prototypes for tests, independent of core/facs. */
export const TEST_PROTOTYPES: Record<string, AuActivation[]> = {
  happy: [
    { au: 6, intensity: 0.7 },
    { au: 12, intensity: 1 },
  ],
  sad: [
    { au: 1, intensity: 0.8 },
    { au: 4, intensity: 0.6 },
    { au: 15, intensity: 0.9 },
  ],
  contempt: [{ au: 12, intensity: 0.5, side: 'right' }],
};
export const testPrototypeFor: PrototypeLookup = (label) => TEST_PROTOTYPES[label];

/** Speech features with a deterministic syllable-like articulation pattern. */
export function fakeSpeech(frames: number, fps = 25): SpeechFeatures {
  const wave = (phase: number) =>
    Float32Array.from({ length: frames }, (_, t) => 0.5 + 0.4 * Math.sin(0.7 * t + phase));
  return {
    fps,
    frames,
    durationSec: frames / fps,
    rms: wave(0),
    voiced: Uint8Array.from({ length: frames }, () => 1),
    articulation: { jawOpen: wave(0), lipRound: wave(1), lipSpread: wave(2), lipClose: wave(3) },
    warnings: [],
  };
}
