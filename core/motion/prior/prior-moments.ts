/**
 * Closed-form statistics of the motion prior, and exact samples from it (for sampler tests).
 *
 *   E[x0_t | c]      = mu_t = b + c_t W
 *   Var[x0_{t,i}| c] = diag(Sigma_0)_i = sum_k A_ik^2 s_k^2     (the same for every frame t)
 * Sampling: with w white N(0, I) over T x D,
 *   z_k = IDFT( sqrt(S_k(f)) DFT(w_k) )  has circulant covariance with eigenvalues S_k(f), and
 *   x0  = mu + z A^T.
 * (notation: see motion-prior-params.ts)
 */
import { filterLatents } from './latent-filter.js';
import { latentSpectrum, priorMean } from './latent-spectrum.js';
import type { MotionPriorParams } from './motion-prior-params.js';

export interface PriorMoments {
  /** E[x0 | c], T x D row-major. */
  readonly mean: Float32Array;
  /** Var[x0 | c] per channel and frame, T x D row-major. */
  readonly variance: Float32Array;
}

export function priorMoments(
  params: MotionPriorParams,
  cond: ArrayLike<number>,
  frames: number,
): PriorMoments {
  const D = params.channels.length;
  const mean = Float32Array.from(priorMean(params, cond, frames));
  const perChannel = new Float64Array(D);
  for (let i = 0; i < D; i++) {
    for (let k = 0; k < D; k++) perChannel[i] = perChannel[i]! + (params.A[i * D + k]! * params.s[k]!) ** 2;
  }
  const variance = new Float32Array(frames * D);
  for (let t = 0; t < frames; t++) variance.set(perChannel, t * D);
  return { mean, variance };
}

/**
 * One exact sample x0 ~ p(x0 | c), T x D row-major.
 * @param rng a seeded source of standard normals (e.g. core/sampler's Rng; never Math.random).
 */
export function samplePrior(
  params: MotionPriorParams,
  cond: ArrayLike<number>,
  frames: number,
  rng: { normal(): number },
): Float32Array {
  const D = params.channels.length;
  const mu = priorMean(params, cond, frames);
  // White noise in channel space: its latent rotation w A is white as well (A is orthogonal).
  const white = new Float64Array(frames * D);
  for (let i = 0; i < white.length; i++) white[i] = rng.normal();
  const amplitude = latentSpectrum(params, frames).map(Math.sqrt);
  const z = filterLatents(params, white, amplitude, frames);
  const out = new Float32Array(frames * D);
  for (let i = 0; i < out.length; i++) out[i] = mu[i]! + z[i]!;
  return out;
}
