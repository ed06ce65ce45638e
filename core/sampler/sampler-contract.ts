/**
 * What every sampler shares: the k-diffusion calling convention and its checks.
 *
 *   sample(denoise, x, sigmas, { rng, onStep, eta, signal }) -> x_0
 *
 * - `denoise(x, σ)` returns the denoised estimate D(x; σ) ≈ E[x_0 | x_σ = x] (k-diffusion's
 *   "denoised", EDM's D_θ). It is the only thing a sampler knows about the model: conditioning,
 *   guidance and transport live behind it.
 * - `x` is the flat starting sample at σ_0 = sigmas[0] (row-major T×D), usually
 *   `initialNoise(..., sigmas[0], rng)`; it is not modified.
 * - `sigmas` is σ_0 > σ_1 > … > σ_N ≥ 0 (e.g. `karrasSigmas`); N = sigmas.length − 1 steps.
 */
import type { Rng } from './rng.js';
import { SamplerError } from './sampler-error.js';

/** D(x; σ): must return a new array of x's length (the sampler may keep it across steps). */
export type DenoiseFn = (x: Float32Array, sigma: number) => Promise<Float32Array>;

/** Progress report after the denoiser call of step i (k-diffusion's callback). */
export interface StepInfo {
  /** Step index, 0 … N−1. */
  readonly i: number;
  /** Total number of steps N. */
  readonly steps: number;
  readonly sigma: number;
  readonly sigmaNext: number;
  /** The sample at σ_i, before the update. Read only; valid during the call. */
  readonly x: Float32Array;
  /** D(x_i; σ_i). Read only; valid during the call. */
  readonly denoised: Float32Array;
}

export interface SamplerOptions {
  /** Source of fresh noise; required by stochastic samplers (DDIM with η > 0). */
  readonly rng?: Rng;
  /** Called once per step, awaited (a heartbeat may be sent from here). */
  readonly onStep?: (step: StepInfo) => void | Promise<void>;
  /** Stochasticity of DDIM: 0 deterministic, 1 ancestral. Ignored by deterministic solvers. */
  readonly eta?: number;
  /** Stops between steps with a SamplerError carrying the abort reason as cause. */
  readonly signal?: AbortSignal;
}

export type Sampler = (
  denoise: DenoiseFn,
  x: Float32Array,
  sigmas: ArrayLike<number>,
  options?: SamplerOptions,
) => Promise<Float32Array>;

/** Checks σ_0 > σ_1 > … > σ_N ≥ 0, all finite, at least one step. */
export function checkSigmas(sigmas: ArrayLike<number>): void {
  if (sigmas.length < 2) throw new SamplerError(`need at least 2 sigmas (one step), got ${sigmas.length}`);
  for (let i = 0; i < sigmas.length; i++) {
    const s = sigmas[i] as number;
    if (!Number.isFinite(s) || s < 0) throw new SamplerError(`sigmas[${i}] = ${s} is not a finite σ ≥ 0`);
    if (i > 0 && !(s < (sigmas[i - 1] as number))) {
      throw new SamplerError(
        `sigmas must decrease strictly: sigmas[${i - 1}]=${sigmas[i - 1]}, sigmas[${i}]=${s}`,
      );
    }
  }
  if (!((sigmas[sigmas.length - 2] as number) > 0)) throw new SamplerError('only the last sigma may be 0');
}

/**
 * Calls the denoiser and checks its answer's length and finiteness. The denoiser's own errors
 * pass through unwrapped, so their names still reach Retry/Catch.
 */
export async function callDenoise(denoise: DenoiseFn, x: Float32Array, sigma: number): Promise<Float32Array> {
  const denoised = await denoise(x, sigma);
  if (!(denoised instanceof Float32Array) || denoised.length !== x.length) {
    throw new SamplerError(
      `denoiser returned ${denoised instanceof Float32Array ? `${denoised.length} values` : typeof denoised}, expected a Float32Array of ${x.length}`,
    );
  }
  for (let k = 0; k < denoised.length; k++) {
    if (!Number.isFinite(denoised[k]))
      throw new SamplerError(`denoiser returned a non-finite value at σ=${sigma}, index ${k}`);
  }
  return denoised;
}

export function throwIfAborted(signal: AbortSignal | undefined, i: number): void {
  if (signal?.aborted) throw new SamplerError(`sampling aborted before step ${i}`, { cause: signal.reason });
}
