/**
 * The exact denoiser of the motion prior, in plain TypeScript (float64): the reference the ONNX
 * graph is tested against.
 *
 * Forward (noising) process: x_sigma = x0 + sigma eps, eps white N(0, I) over T x D.
 * Since A is orthogonal, A^T eps is still white, so in the latent basis each z_k is a Gaussian
 * process with circulant covariance (eigenvalues S_k(f), eigenvectors the DFT basis) observed in
 * white noise, and the posterior mean is the Wiener filter:
 *   E[x0 | x_sigma, c] = mu + A IDFT( G_k(f) DFT( A^T (x_sigma - mu) ) )     (4)
 *   G_k(f) = S_k(f) / (S_k(f) + sigma^2)                                    (5)
 * (notation: see motion-prior-params.ts). sigma -> 0 gives x_sigma back; sigma -> inf gives mu.
 */
import { filterLatents } from './latent-filter.js';
import { latentSpectrum, priorMean } from './latent-spectrum.js';
import type { MotionPriorParams } from './motion-prior-params.js';

/** G_k(j / T) of eq. (5), T x D row-major. */
export function wienerGain(params: MotionPriorParams, sigma: number, frames: number): Float64Array {
  const S = latentSpectrum(params, frames);
  const sigma2 = sigma * sigma;
  return S.map((v) => v / (v + sigma2));
}

/**
 * Eq. (4) for one sequence.
 * @param x x_sigma, T x D row-major.
 * @param sigma the noise std of x.
 * @param cond T x C row-major (all zeros = unconditional).
 * @returns E[x0 | x, c], T x D row-major.
 */
export function referenceDenoise(
  params: MotionPriorParams,
  x: ArrayLike<number>,
  sigma: number,
  cond: ArrayLike<number>,
  frames: number,
): Float32Array {
  const D = params.channels.length;
  if (x.length !== frames * D) {
    throw new RangeError(`x has ${x.length} values, expected T*D = ${frames}*${D} = ${frames * D}`);
  }
  if (!(sigma >= 0)) throw new RangeError(`sigma must be >= 0, got ${sigma}`);
  const mu = priorMean(params, cond, frames);
  const residual = new Float64Array(frames * D);
  for (let i = 0; i < residual.length; i++) residual[i] = x[i]! - mu[i]!;
  const filtered = filterLatents(params, residual, wienerGain(params, sigma, frames), frames);
  const out = new Float32Array(frames * D);
  for (let i = 0; i < out.length; i++) out[i] = mu[i]! + filtered[i]!;
  return out;
}
