/**
 * The Draw stage's motion sampling: plan + speech -> a T×D motion sequence.
 *
 * Stages
 *   1. Conditions from the plan and the speech features (conditions.ts).
 *   2. Karras σ schedule over the model's σ range (sigmas.ts), σ_s for the guidance switch.
 *   3. x ~ σ_max · N(0, I) from the seeded RNG; the sampler (DPM-Solver++(2M) or DDIM) runs over
 *      the progressively guided denoiser (progressive-guidance.ts).
 *   4. Post-processing: the articulation channels are set to the speech targets (they already
 *      are, up to float round-off: the guidance pins them); the head channels are scaled by
 *      plan.global.headMotion / headMotionReference (a Gaussian prior's variance cannot be set
 *      through a target, so the amount of head motion is a post-scale about the neutral pose 0);
 *      every channel is clamped to its range in `channels.ts`.
 * Same inputs and seed -> the same frames, bit for bit (for a deterministic denoiser).
 */
import type { Denoiser } from '../contracts/denoiser-model.js';
import type { ExpressionPlan } from '../plan/expression-plan.js';
import { initialNoise } from '../sampler/initial-noise.js';
import {
  type GuidanceOptions,
  type GuidanceSettings,
  progressiveGuidance,
  resolveGuidance,
  switchSigmaFor,
} from '../sampler/progressive-guidance.js';
import { createRng } from '../sampler/rng.js';
import type { StepInfo } from '../sampler/sampler-contract.js';
import { type SamplerName, samplerByName } from '../sampler/samplers.js';
import { karrasSigmas } from '../sampler/sigmas.js';
import type { SpeechFeatures } from '../speech/speech-features.js';
import type { PrototypeLookup } from './au-targets.js';
import { CHANNEL_COUNT, CHANNEL_NAMES, MOTION_CHANNELS } from './channels.js';
import { ConditionError } from './condition-error.js';
import { buildMotionConditions } from './conditions.js';
import { facsPrototypeFor } from './facs-prototypes.js';
import { maskIndices } from './region-masks.js';

export const SAMPLE_MOTION_DEFAULTS = {
  /** Denoiser evaluations (batched calls). @default 30 */
  steps: 30,
  /** @default 'dpmpp-2m' */
  sampler: 'dpmpp-2m',
  /** DDIM stochasticity (0 deterministic, 1 ancestral); unused by DPM-Solver++(2M). @default 0 */
  eta: 0,
  /** ρ of the Karras schedule. @default 7 */
  rho: 7,
  /** The plan's headMotion that leaves the prior's head motion unscaled. @default 0.5 */
  headMotionReference: 0.5,
} as const;

/** RNG streams under one seed. */
const NOISE_STREAM = 0;
const BLINK_STREAM = 1;

export interface MotionStep extends StepInfo {
  readonly phase: 'global' | 'local';
}

export interface SampleMotionInput {
  readonly denoiser: Denoiser;
  readonly plan: ExpressionPlan;
  readonly speech: SpeechFeatures;
  /** Integer in [0, 2^53). */
  readonly seed: number;
  /** Default `speech.fps`. */
  readonly fps?: number;
  /** T; default `speech.frames`. */
  readonly frames?: number;
  readonly steps?: number;
  readonly sampler?: SamplerName;
  readonly eta?: number;
  readonly guidance?: GuidanceOptions;
  /** Multiplies the AU targets. @default 1 */
  readonly intensity?: number;
  /** Emotion prototypes; default the FACS knowledge base's. */
  readonly prototypeFor?: PrototypeLookup;
  readonly onStep?: (step: MotionStep) => void | Promise<void>;
  readonly signal?: AbortSignal;
}

export interface MotionSample {
  readonly fps: number;
  readonly channels: readonly string[];
  /** T */
  readonly frameCount: number;
  /** The motion, T×D row-major. */
  readonly frames: Float32Array;
  readonly seed: number;
  readonly sampler: SamplerName;
  readonly steps: number;
  readonly eta: number;
  readonly guidance: GuidanceSettings & { readonly sigmaSwitch: number };
  readonly sigmas: readonly number[];
  readonly headMotionScale: number;
  readonly modelId: string;
  readonly timings: {
    readonly conditionsMs: number;
    readonly samplingMs: number;
    readonly totalMs: number;
    readonly denoiserCalls: number;
    readonly denoiserItems: number;
  };
  readonly warnings: readonly string[];
}

export async function sampleMotion(input: SampleMotionInput): Promise<MotionSample> {
  const started = performance.now();
  const { denoiser, plan, speech, seed } = input;
  const spec = denoiser.spec;
  const fps = input.fps ?? speech.fps;
  const steps = input.steps ?? SAMPLE_MOTION_DEFAULTS.steps;
  const samplerName = input.sampler ?? SAMPLE_MOTION_DEFAULTS.sampler;
  const eta = samplerName === 'ddim' ? (input.eta ?? SAMPLE_MOTION_DEFAULTS.eta) : 0;
  if (spec.channels.length !== CHANNEL_COUNT || spec.channels.some((name, d) => name !== CHANNEL_NAMES[d])) {
    throw new ConditionError(
      `model "${spec.id}" channels [${spec.channels.join(', ')}] differ from the motion channels [${CHANNEL_NAMES.join(', ')}]`,
    );
  }
  if (spec.condition.channels.length !== CHANNEL_COUNT) {
    throw new ConditionError(
      `model "${spec.id}" expects C=${spec.condition.channels.length} condition channels, the conditions have ${CHANNEL_COUNT}`,
    );
  }

  // 1. Conditions.
  const conditions = buildMotionConditions({
    plan,
    speech,
    fps,
    ...(input.frames !== undefined ? { frames: input.frames } : {}),
    prototypeFor: input.prototypeFor ?? facsPrototypeFor,
    blinkRng: createRng(seed, BLINK_STREAM),
    ...(input.intensity !== undefined ? { intensity: input.intensity } : {}),
  });
  const warnings = [...conditions.warnings];
  if (Math.abs(spec.fps - fps) > 1e-9) {
    warnings.push(`model "${spec.id}" assumes ${spec.fps} fps, the motion is sampled at ${fps} fps`);
  }
  const conditioned = performance.now();

  // 2. Schedule and guidance.
  const sigmas = karrasSigmas(steps, spec.sigma.min, spec.sigma.max, SAMPLE_MOTION_DEFAULTS.rho);
  const settings = resolveGuidance(input.guidance);
  const sigmaSwitch = switchSigmaFor(sigmas, settings);
  const guided = progressiveGuidance(denoiser, conditions, settings, sigmaSwitch);

  // 3. Sampling.
  const { frames } = conditions;
  const rng = createRng(seed, NOISE_STREAM);
  const start = initialNoise([frames, CHANNEL_COUNT], sigmas[0] as number, rng);
  const onStep = input.onStep;
  const x = await samplerByName(samplerName)(guided, start, sigmas, {
    rng,
    eta,
    ...(onStep ? { onStep: (step: StepInfo) => onStep({ ...step, phase: guided.phaseAt(step.sigma) }) } : {}),
    ...(input.signal ? { signal: input.signal } : {}),
  });
  const sampled = performance.now();

  // 4. Post-processing: pin articulation, scale the head, clamp.
  const pinned = maskIndices(conditions.articulationMask);
  const head = MOTION_CHANNELS.flatMap((c, d) => (c.group === 'head' ? [d] : []));
  const headMotionScale = plan.global.headMotion / SAMPLE_MOTION_DEFAULTS.headMotionReference;
  for (let t = 0; t < frames; t++) {
    const row = t * CHANNEL_COUNT;
    for (const d of pinned) x[row + d] = conditions.articulation[row + d] as number;
    for (const d of head) x[row + d] = headMotionScale === 0 ? 0 : (x[row + d] as number) * headMotionScale;
    MOTION_CHANNELS.forEach((c, d) => {
      x[row + d] = Math.min(c.max, Math.max(c.min, x[row + d] as number));
    });
  }

  return {
    fps,
    channels: CHANNEL_NAMES,
    frameCount: frames,
    frames: x,
    seed,
    sampler: samplerName,
    steps,
    eta,
    guidance: { ...settings, sigmaSwitch },
    sigmas: Array.from(sigmas),
    headMotionScale,
    modelId: spec.id,
    timings: {
      conditionsMs: conditioned - started,
      samplingMs: sampled - conditioned,
      totalMs: performance.now() - started,
      denoiserCalls: guided.stats.calls,
      denoiserItems: guided.stats.items,
    },
    warnings,
  };
}

/** The motion as rows of numbers (one per frame), for JSON. */
export function motionRows(sample: Pick<MotionSample, 'frames' | 'channels'>): number[][] {
  const d = sample.channels.length;
  const rows: number[][] = [];
  for (let k = 0; k < sample.frames.length; k += d) rows.push(Array.from(sample.frames.subarray(k, k + d)));
  return rows;
}
