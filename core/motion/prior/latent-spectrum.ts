/**
 * The latent power spectra S_k(f) of the motion prior (eq. 3 in motion-prior-params.ts) and the
 * prior mean mu = b + c W (eq. 1), shared by the reference denoiser and the closed-form moments.
 */
import type { MotionPriorParams } from './motion-prior-params.js';

/**
 * S_k(j / T) for j = 0..T-1, T x D row-major:
 *   S_k(f) = s_k^2 P_k(f) / N_k(T),  P_k(f) = (1 - rho^2) / (1 + rho^2 - 2 rho cos 2 pi f),
 *   N_k(T) = mean_j P_k(j / T) = (1 + rho^T) / (1 - rho^T)  (the periodised AR(1) variance).
 * S_k is even in j (S_k(j) = S_k(T - j)), so the filtered signal stays real.
 */
export function latentSpectrum(params: MotionPriorParams, frames: number): Float64Array {
  const D = params.channels.length;
  const out = new Float64Array(frames * D);
  for (let k = 0; k < D; k++) {
    const rho = params.rho[k]!;
    const norm = (1 + rho ** frames) / (1 - rho ** frames);
    const scale = (params.s[k]! ** 2 * (1 - rho * rho)) / norm;
    for (let j = 0; j < frames; j++) {
      out[j * D + k] = scale / (1 + rho * rho - 2 * rho * Math.cos((2 * Math.PI * j) / frames));
    }
  }
  return out;
}

/** mu_t = b + c_t W for every frame, T x D row-major (float64). */
export function priorMean(params: MotionPriorParams, cond: ArrayLike<number>, frames: number): Float64Array {
  const D = params.channels.length;
  const C = params.conditionChannels.length;
  if (cond.length !== frames * C) {
    throw new RangeError(`cond has ${cond.length} values, expected T*C = ${frames}*${C} = ${frames * C}`);
  }
  const mu = new Float64Array(frames * D);
  for (let t = 0; t < frames; t++) {
    for (let d = 0; d < D; d++) mu[t * D + d] = params.b[d]!;
    for (let c = 0; c < C; c++) {
      const v = cond[t * C + c]!;
      if (v === 0) continue;
      for (let d = 0; d < D; d++) mu[t * D + d] = mu[t * D + d]! + v * params.W[c * D + d]!;
    }
  }
  return mu;
}
