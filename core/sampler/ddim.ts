/**
 * DDIM (Song, Meng & Ermon 2021, "Denoising Diffusion Implicit Models") in the σ parametrisation
 * of k-diffusion, with the stochasticity η of their eq. (16).
 *
 * Notation key
 *   x_i      sample at noise level σ_i (x = x_0 + σ·ε in the variance-exploding form)
 *   D_i      D(x_i; σ_i), the denoised estimate (EDM's D_θ, k-diffusion's "denoised")
 *   ε̂_i      (x_i − D_i) / σ_i, the implied noise
 *   η        0 = deterministic DDIM (the probability-flow ODE, first order);
 *            1 = ancestral sampling (the DDPM posterior q(x_{i+1} | x_i, x_0 = D_i))
 *   σ↑, σ↓   the fresh-noise and carried-noise parts of σ_{i+1}: σ↓² + σ↑² = σ_{i+1}²
 *   z        fresh N(0, I) noise from the seeded RNG
 *
 * Stages of one step
 *   1. D_i = D(x_i; σ_i)
 *   2. σ↑ = min(σ_{i+1}, η · σ_{i+1} · sqrt(σ_i² − σ_{i+1}²) / σ_i)     (DDIM eq. (16) with
 *      α = 1/(1+σ²); k-diffusion `get_ancestral_step`)
 *      σ↓ = sqrt(σ_{i+1}² − σ↑²)
 *   3. x_{i+1} = D_i + σ↓ · ε̂_i + σ↑ · z                                (DDIM eq. (12))
 * With η = 1, σ↓ = σ_{i+1}²/σ_i and x_{i+1} is a draw of the DDPM posterior; the last step
 * (σ_N = 0) returns D_{N−1} for any η.
 */
import {
  callDenoise,
  checkSigmas,
  type DenoiseFn,
  type SamplerOptions,
  throwIfAborted,
} from './sampler-contract.js';
import { SamplerError } from './sampler-error.js';

/** The (σ↓, σ↑) split of stage 2. */
export function ancestralStep(sigma: number, sigmaNext: number, eta: number): { down: number; up: number } {
  if (sigmaNext === 0 || eta === 0) return { down: sigmaNext, up: 0 };
  const up = Math.min(
    sigmaNext,
    (eta * sigmaNext * Math.sqrt(sigma * sigma - sigmaNext * sigmaNext)) / sigma,
  );
  return { down: Math.sqrt(sigmaNext * sigmaNext - up * up), up };
}

export async function sampleDdim(
  denoise: DenoiseFn,
  x0: Float32Array,
  sigmas: ArrayLike<number>,
  options: SamplerOptions = {},
): Promise<Float32Array> {
  const { rng, onStep, signal } = options;
  const eta = options.eta ?? 0;
  checkSigmas(sigmas);
  if (!Number.isFinite(eta) || eta < 0)
    throw new SamplerError(`DDIM eta must be a finite number ≥ 0, got ${eta}`);
  if (eta > 0 && !rng) throw new SamplerError('DDIM with eta > 0 needs an rng for fresh noise');
  const steps = sigmas.length - 1;
  const x = Float32Array.from(x0);
  const noise = eta > 0 ? new Float32Array(x.length) : undefined;

  for (let i = 0; i < steps; i++) {
    throwIfAborted(signal, i);
    const sigma = sigmas[i] as number;
    const sigmaNext = sigmas[i + 1] as number;
    // 1. denoised estimate
    const denoised = await callDenoise(denoise, x, sigma);
    await onStep?.({ i, steps, sigma, sigmaNext, x, denoised });
    // 2. split σ_{i+1} into carried and fresh noise
    const { down, up } = ancestralStep(sigma, sigmaNext, eta);
    // 3. x_{i+1} = D_i + σ↓ ε̂_i + σ↑ z
    const carry = down / sigma;
    if (up > 0 && noise && rng) rng.fillNormal(noise);
    for (let k = 0; k < x.length; k++) {
      const d = denoised[k] as number;
      let next = d + carry * ((x[k] as number) - d);
      if (up > 0) next += up * (noise?.[k] as number);
      x[k] = next;
    }
  }
  return x;
}
