import { describe, expect, it } from 'vitest';
import { channelIndex } from '../../../../core/motion/channels.js';
import {
  buildMotionPriorParams,
  latentSpectrum,
  priorMean,
  referenceDenoise,
  wienerGain,
} from '../../../../core/motion/prior/index.js';
import { createRng } from '../../../../core/sampler/rng.js';

const params = buildMotionPriorParams();
const D = params.channels.length;

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
};

function randomCond(frames: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: frames * D }, () => (rng.next() < 0.3 ? rng.next() : 0));
}

/** Solve M u = v by Gaussian elimination with partial pivoting (M n x n, overwritten). */
function solve(M: Float64Array, v: Float64Array, n: number): Float64Array {
  const u = v.slice();
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r * n + c]!) > Math.abs(M[p * n + c]!)) p = r;
    for (let k = 0; k < n; k++) [M[c * n + k], M[p * n + k]] = [M[p * n + k]!, M[c * n + k]!];
    [u[c], u[p]] = [u[p]!, u[c]!];
    for (let r = c + 1; r < n; r++) {
      const f = M[r * n + c]! / M[c * n + c]!;
      for (let k = c; k < n; k++) M[r * n + k] = M[r * n + k]! - f * M[c * n + k]!;
      u[r] = u[r]! - f * u[c]!;
    }
  }
  for (let r = n - 1; r >= 0; r--) {
    let acc = u[r]!;
    for (let k = r + 1; k < n; k++) acc -= M[r * n + k]! * u[k]!;
    u[r] = acc / M[r * n + r]!;
  }
  return u;
}

describe('referenceDenoise', () => {
  it('equals the dense Gaussian posterior mean mu + K (K + sigma^2 I)^-1 (x - mu)', () => {
    // Prepare: the full TD x TD prior covariance from the circulant latent autocovariances.
    const T = 6;
    const sigma = 0.07;
    const rng = createRng(7);
    const x = Float64Array.from({ length: T * D }, () => 0.3 * rng.normal());
    const cond = randomCond(T, 8);
    const S = latentSpectrum(params, T);
    const acov = (k: number, lag: number): number => {
      let acc = 0;
      for (let j = 0; j < T; j++) acc += S[j * D + k]! * Math.cos((2 * Math.PI * j * lag) / T);
      return acc / T;
    };
    const n = T * D;
    const K = new Float64Array(n * n);
    for (let t = 0; t < T; t++) {
      for (let u = 0; u < T; u++) {
        const lag = (((t - u) % T) + T) % T;
        const c = Array.from({ length: D }, (_, k) => acov(k, lag));
        for (let i = 0; i < D; i++) {
          for (let j = 0; j < D; j++) {
            let acc = 0;
            for (let k = 0; k < D; k++) acc += params.A[i * D + k]! * params.A[j * D + k]! * c[k]!;
            K[(t * D + i) * n + (u * D + j)] = acc;
          }
        }
      }
    }
    const mu = priorMean(params, cond, T);
    const r = x.map((v, i) => v - mu[i]!);
    const M = K.map((v, idx) => (Math.floor(idx / n) === idx % n ? v + sigma * sigma : v));
    const w = solve(M, r, n);
    const want = new Float64Array(n);
    for (let a = 0; a < n; a++) {
      let acc = mu[a]!;
      for (let b = 0; b < n; b++) acc += K[a * n + b]! * w[b]!;
      want[a] = acc;
    }

    // Act
    const got = referenceDenoise(params, x, sigma, cond, T);

    // Assess (float32 output)
    expect(maxAbsDiff(got, want)).toBeLessThan(1e-6);
  });

  it('returns the input as sigma -> 0 and the prior mean as sigma -> infinity', () => {
    const T = 50;
    const rng = createRng(11);
    const x = Float32Array.from({ length: T * D }, () => rng.normal());
    const cond = randomCond(T, 12);
    expect(maxAbsDiff(referenceDenoise(params, x, 1e-5, cond, T), x)).toBeLessThan(1e-4);
    expect(maxAbsDiff(referenceDenoise(params, x, 1e5, cond, T), priorMean(params, cond, T))).toBeLessThan(
      1e-6,
    );
    expect(maxAbsDiff(referenceDenoise(params, x, 0, cond, T), x)).toBeLessThan(1e-6);
  });

  it('makes a smooth channel smoother and closer to the clean signal', () => {
    // Prepare: a slow head turn plus white noise of the stated sigma.
    const T = 250;
    const sigma = 0.05;
    const ch = channelIndex('headYaw');
    const rng = createRng(3);
    const clean = new Float32Array(T * D);
    for (let t = 0; t < T; t++) clean[t * D + ch] = 0.05 * Math.sin((2 * Math.PI * t) / 125);
    const noisy = clean.map((v) => v + sigma * rng.normal());
    const roughness = (a: Float32Array): number => {
      let acc = 0;
      for (let t = 1; t < T; t++) acc += (a[t * D + ch]! - a[(t - 1) * D + ch]!) ** 2;
      return acc / (T - 1);
    };
    const error = (a: Float32Array): number => {
      let acc = 0;
      for (let t = 0; t < T; t++) acc += (a[t * D + ch]! - clean[t * D + ch]!) ** 2;
      return acc / T;
    };

    // Act
    const denoised = referenceDenoise(params, noisy, sigma, new Float32Array(T * D), T);

    // Assess
    expect(roughness(denoised)).toBeLessThan(roughness(noisy) / 20);
    expect(error(denoised)).toBeLessThan(error(noisy) / 4);
  });

  it('has a gain in (0, 1] that passes low frequencies and cuts high ones', () => {
    const G = wienerGain(params, 0.05, 100);
    const ch = channelIndex('headYaw');
    expect(G[0 * D + ch]!).toBeGreaterThan(0.9);
    expect(G[50 * D + ch]!).toBeLessThan(0.1);
    expect(G[3 * D + ch]).toBeCloseTo(G[97 * D + ch]!, 12); // even in frequency: a real filter
  });

  it('rejects arrays of the wrong size', () => {
    expect(() => referenceDenoise(params, new Float32Array(10), 1, new Float32Array(5 * D), 5)).toThrow(
      /T\*D = 5\*37/,
    );
    expect(() => referenceDenoise(params, new Float32Array(5 * D), 1, new Float32Array(3), 5)).toThrow(
      /cond/,
    );
  });
});
