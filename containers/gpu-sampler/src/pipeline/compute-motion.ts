/**
 * Audio + plan -> motion: the Draw stage up to (not including) the face. Shared by `tbd motion`,
 * `tbd generate` and the sampler server, so all three sample exactly the same way.
 *
 *   1. decode the audio (any accepted format) to 16 kHz mono;
 *   2. speech features at the video frame rate;
 *   3. progressive-guidance sampling of the motion (core/motion/sample-motion.ts).
 */
import type { Denoiser } from '../../../../core/contracts/denoiser-model.js';
import { type MotionSample, motionRows, sampleMotion } from '../../../../core/motion/sample-motion.js';
import type { ExpressionPlan } from '../../../../core/plan/expression-plan.js';
import type { GuidanceOptions } from '../../../../core/sampler/progressive-guidance.js';
import type { SamplerName } from '../../../../core/sampler/samplers.js';
import { extractSpeechFeatures } from '../../../../core/speech/features.js';
import type { SpeechFeatures } from '../../../../core/speech/speech-features.js';
import { type LoadedAudio, loadAudio } from '../audio/load-audio.js';
import { MOTION_DEFAULTS } from './motion-defaults.js';

export { MOTION_DEFAULTS };

export interface MotionOptions {
  readonly seed?: number;
  readonly steps?: number;
  readonly fps?: number;
  readonly sampler?: SamplerName;
  readonly intensity?: number;
  readonly guidance?: GuidanceOptions;
  readonly maxAudioSec?: number;
}

export interface ComputedMotion {
  readonly audio: LoadedAudio;
  readonly speech: SpeechFeatures;
  readonly motion: MotionSample;
  readonly timings: { readonly audioMs: number; readonly featuresMs: number; readonly samplingMs: number };
}

export interface ComputeMotionInput {
  readonly audio: Uint8Array;
  readonly audioName?: string;
  readonly plan: ExpressionPlan;
  readonly options?: MotionOptions;
  readonly denoiser: Denoiser;
  readonly onStep?: (done: number, total: number) => void;
  readonly signal?: AbortSignal;
}

export async function computeMotion(input: ComputeMotionInput): Promise<ComputedMotion> {
  const options = input.options ?? {};
  const fps = options.fps ?? MOTION_DEFAULTS.fps;
  const steps = options.steps ?? MOTION_DEFAULTS.steps;

  const t0 = performance.now();
  const audio = await loadAudio(input.audio, {
    ...(input.audioName ? { name: input.audioName } : {}),
    maxDurationSec: options.maxAudioSec ?? MOTION_DEFAULTS.maxAudioSec,
  });
  const t1 = performance.now();
  const speech = extractSpeechFeatures(audio.samples, { fps });
  const t2 = performance.now();
  const motion = await sampleMotion({
    denoiser: input.denoiser,
    plan: input.plan,
    speech,
    fps,
    seed: options.seed ?? MOTION_DEFAULTS.seed,
    steps,
    sampler: options.sampler ?? MOTION_DEFAULTS.sampler,
    ...(options.intensity !== undefined ? { intensity: options.intensity } : {}),
    ...(options.guidance ? { guidance: options.guidance } : {}),
    ...(input.onStep ? { onStep: (step) => input.onStep?.(step.i + 1, step.steps) } : {}),
    ...(input.signal ? { signal: input.signal } : {}),
  });
  const t3 = performance.now();
  return { audio, speech, motion, timings: { audioMs: t1 - t0, featuresMs: t2 - t1, samplingMs: t3 - t2 } };
}

/** The `motion.json` document (issue 3's contract): `{ fps, channels, frames, plan, seed, sampler, guidance }`. */
export function motionDocument(plan: ExpressionPlan, motion: MotionSample) {
  return {
    fps: motion.fps,
    channels: [...motion.channels],
    frames: motionRows(motion).map((row) => row.map((v) => Math.round(v * 1e5) / 1e5)),
    plan,
    seed: motion.seed,
    sampler: { name: motion.sampler, steps: motion.steps, eta: motion.eta, modelId: motion.modelId },
    guidance: motion.guidance,
    warnings: motion.warnings,
  };
}
