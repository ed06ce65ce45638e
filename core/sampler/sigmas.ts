/**
 * Noise-level schedules, in the σ (variance-exploding) parametrisation used by k-diffusion:
 * x_σ = x_0 + σ·ε, ε ~ N(0, I).
 */
import { SamplerError } from './sampler-error.js';

/**
 * The schedule of Karras et al. 2022 ("Elucidating the Design Space of Diffusion-Based
 * Generative Models", EDM), eq. (5):
 *
 *   σ_i = ( σ_max^(1/ρ) + i/(N−1) · (σ_min^(1/ρ) − σ_max^(1/ρ)) )^ρ,  i = 0 … N−1,   σ_N = 0
 *
 * N = `n` denoiser evaluations; ρ = 7 spends more steps at low noise (EDM's choice). Returns
 * n + 1 values, strictly decreasing from σ_0 = σ_max to σ_{n−1} = σ_min, then 0.
 * With n = 1 the single step goes from σ_max straight to 0.
 */
export function karrasSigmas(n: number, sigmaMin: number, sigmaMax: number, rho = 7): Float64Array {
  if (!Number.isInteger(n) || n < 1)
    throw new SamplerError(`step count must be a positive integer, got ${n}`);
  if (!(sigmaMin > 0) || !(sigmaMax > sigmaMin) || !Number.isFinite(sigmaMax)) {
    throw new SamplerError(
      `need 0 < sigmaMin < sigmaMax < ∞, got sigmaMin=${sigmaMin}, sigmaMax=${sigmaMax}`,
    );
  }
  if (!(rho > 0) || !Number.isFinite(rho)) throw new SamplerError(`rho must be positive, got ${rho}`);
  const sigmas = new Float64Array(n + 1);
  const maxInvRho = sigmaMax ** (1 / rho);
  const minInvRho = sigmaMin ** (1 / rho);
  for (let i = 0; i < n; i++) {
    const ramp = n === 1 ? 0 : i / (n - 1);
    sigmas[i] = (maxInvRho + ramp * (minInvRho - maxInvRho)) ** rho;
  }
  sigmas[0] = sigmaMax; // exact endpoints, free of pow round-off
  if (n > 1) sigmas[n - 1] = sigmaMin;
  sigmas[n] = 0;
  return sigmas;
}
