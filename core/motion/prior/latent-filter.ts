/**
 * Per-latent temporal filtering, the shared step of the reference denoiser and the sampler of the
 * prior: rotate into the latent basis, multiply each latent's DFT by a real, even gain, transform
 * back, rotate out.
 *   Z = R A                        (rotate; R is T x D, row form of A^T r_t)
 *   Z_k <- IDFT( H_k(f) DFT(Z_k) ) (filter each latent k over time)
 *   out = Z A^T                    (rotate back)
 */
import { createDft } from './fft.js';
import type { MotionPriorParams } from './motion-prior-params.js';

/**
 * @param residual T x D row-major, in channel space.
 * @param gain T x D row-major, H_k(j / T); must be even in j for a real result.
 * @returns T x D row-major float64, in channel space.
 */
export function filterLatents(
  params: MotionPriorParams,
  residual: Float64Array,
  gain: Float64Array,
  frames: number,
): Float64Array {
  const D = params.channels.length;
  const A = params.A;
  const dft = createDft(frames);
  const re = new Float64Array(frames);
  const im = new Float64Array(frames);
  const filtered = new Float64Array(frames * D);
  for (let k = 0; k < D; k++) {
    for (let t = 0; t < frames; t++) {
      let acc = 0;
      for (let i = 0; i < D; i++) acc += residual[t * D + i]! * A[i * D + k]!;
      re[t] = acc;
    }
    im.fill(0);
    dft.forward(re, im);
    for (let j = 0; j < frames; j++) {
      re[j] = re[j]! * gain[j * D + k]!;
      im[j] = im[j]! * gain[j * D + k]!;
    }
    dft.inverse(re, im);
    for (let t = 0; t < frames; t++) filtered[t * D + k] = re[t]!;
  }
  const out = new Float64Array(frames * D);
  for (let t = 0; t < frames; t++) {
    for (let i = 0; i < D; i++) {
      let acc = 0;
      for (let k = 0; k < D; k++) acc += filtered[t * D + k]! * A[i * D + k]!;
      out[t * D + i] = acc;
    }
  }
  return out;
}
