/**
 * Operations on per-frame series (one value per analysis or video frame): percentiles,
 * zero-phase smoothing, soft thresholds, and the change of frame rate from analysis frames to
 * video frames.
 */

/** The p-th percentile (0..100, linear interpolation) of the values where `mask` is set. NaN if none. */
export function percentile(values: ArrayLike<number>, p: number, mask?: ArrayLike<number>): number {
  const picked: number[] = [];
  for (let i = 0; i < values.length; i++) if (!mask || mask[i]) picked.push(values[i] as number);
  if (picked.length === 0) return Number.NaN;
  picked.sort((a, b) => a - b);
  const pos = (Math.min(100, Math.max(0, p)) / 100) * (picked.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, picked.length - 1);
  return (picked[lo] as number) + ((picked[hi] as number) - (picked[lo] as number)) * (pos - lo);
}

/** Hermite smoothstep: 0 below `edge0`, 1 above `edge1`, 3u² − 2u³ between (u the linear ramp). */
export function smoothstep(x: number, edge0: number, edge1: number): number {
  const u = Math.min(1, Math.max(0, (x - edge0) / (edge1 - edge0)));
  return u * u * (3 - 2 * u);
}

/**
 * Zero-phase smoothing: a one-pole low-pass run forwards then backwards, so the result has no
 * delay (a peak stays where it was; a causal filter alone would lag by about τ).
 *
 *   a = 1 − r,  r = e^{−1/τ},   y[n] = y[n−1] + a (x[n] − y[n−1])      (τ in frames; τ ≤ 0 copies)
 *   combined impulse response   h[n] = a² / (1 − r²) · r^{|n|}          (symmetric, unit DC gain)
 *
 * Each pass starts from the first sample it sees, so the edges are not pulled towards 0.
 */
export function smoothZeroPhase(values: Float32Array, tauFrames: number): Float32Array {
  const out = Float32Array.from(values);
  if (tauFrames <= 0 || out.length === 0) return out;
  const a = 1 - Math.exp(-1 / tauFrames);
  let y = out[0] as number;
  for (let i = 0; i < out.length; i++) {
    y += a * ((out[i] as number) - y);
    out[i] = y;
  }
  y = out[out.length - 1] as number;
  for (let i = out.length - 1; i >= 0; i--) {
    y += a * ((out[i] as number) - y);
    out[i] = y;
  }
  return out;
}

/**
 * From analysis frames to video frames by box integration: analysis frame k stands for the
 * interval [k·hop, (k+1)·hop), video frame i for [i/fps, (i+1)/fps), and each video value is the
 * overlap-weighted mean of the analysis values it covers. Works for any fps, above or below 1/hop.
 */
export function toVideoFrames(
  values: Float32Array,
  hopSec: number,
  fps: number,
  frames: number,
): Float32Array {
  const out = new Float32Array(frames);
  const count = values.length;
  if (count === 0) return out;
  for (let i = 0; i < frames; i++) {
    const start = i / fps / hopSec; // in analysis frames
    const end = (i + 1) / fps / hopSec;
    let sum = 0;
    let weight = 0;
    const last = Math.min(count - 1, Math.ceil(end) - 1);
    for (let k = Math.max(0, Math.floor(start)); k <= last; k++) {
      const w = Math.min(end, k + 1) - Math.max(start, k);
      if (w <= 0) continue;
      sum += (values[k] as number) * w;
      weight += w;
    }
    out[i] = weight > 0 ? sum / weight : (values[Math.min(count - 1, Math.floor(start))] as number);
  }
  return out;
}
