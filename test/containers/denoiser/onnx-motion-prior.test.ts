import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OnnxDenoiser } from '../../../containers/gpu-sampler/src/denoiser/index.js';
import { buildMotionPriorParams, priorMean, referenceDenoise } from '../../../core/motion/prior/index.js';
import { maxAbsDiff, PRIOR_DIR, randomArray, randomCond } from './model-fixtures.js';

const params = buildMotionPriorParams();
const D = params.channels.length;
const C = params.conditionChannels.length;
let denoiser: OnnxDenoiser;

beforeAll(async () => {
  denoiser = await OnnxDenoiser.create(PRIOR_DIR);
});
afterAll(async () => {
  await denoiser.release();
});

describe('the ONNX motion prior', () => {
  it.each([
    [1, 1],
    [3, 1],
    [1, 7],
    [3, 7],
    [1, 125],
    [3, 125],
    [1, 250],
    [3, 250],
    [1, 1500],
    [3, 1500],
    // The graph filters at M = the least power of two >= T, plus an edge term that vanishes when
    // T = M: powers of two, their neighbours and tiny lengths.
    [3, 2],
    [3, 3],
    [3, 128],
    [3, 129],
    [3, 256],
    [3, 257],
  ])('agrees with the TypeScript reference to 1e-4 for B = %i, T = %i', async (B, T) => {
    // Prepare: noisy motion x = x0 + sigma eps at noise levels across the model's range.
    const sigmas = [0.002, 0.3, 10];
    const sigma = Float32Array.from({ length: B }, (_, b) => sigmas[(b + T) % sigmas.length]!);
    const cond = randomCond(B * T * C, 100 + T);
    const x = randomArray(B * T * D, 200 + T);
    for (let b = 0; b < B; b++) {
      for (let i = 0; i < T * D; i++) x[b * T * D + i] = 0.1 * x[b * T * D + i]! * (1 + sigma[b]! / 0.1);
    }

    // Act
    const got = await denoiser.denoise({ batch: B, frames: T, x, sigma, cond });

    // Assess
    expect(got.length).toBe(B * T * D);
    for (let b = 0; b < B; b++) {
      const slice = (a: Float32Array, n: number) => a.subarray(b * T * n, (b + 1) * T * n);
      const want = referenceDenoise(params, slice(x, D), sigma[b]!, slice(cond, C), T);
      expect(maxAbsDiff(slice(got, D), want)).toBeLessThan(1e-4);
    }
  });

  it('agrees with the reference across the noise range, sigma = 0 included', async () => {
    // Prepare: every batch item the same smooth (low-pass) motion, one sigma each.
    const T = 250;
    const sigmas = [0, 1e-6, 0.002, 0.02, 0.1, 0.3, 1, 3, 10, 1e3];
    const B = sigmas.length;
    const smooth = randomArray(T * D, 11, 0.3);
    for (let t = 1; t < T; t++) {
      for (let d = 0; d < D; d++)
        smooth[t * D + d] = 0.9 * smooth[(t - 1) * D + d]! + 0.1 * smooth[t * D + d]!;
    }
    const x = new Float32Array(B * T * D);
    for (let b = 0; b < B; b++) x.set(smooth, b * T * D);
    const cond = randomCond(T * C, 12);
    const conds = new Float32Array(B * T * C);
    for (let b = 0; b < B; b++) conds.set(cond, b * T * C);

    // Act
    const got = await denoiser.denoise({
      batch: B,
      frames: T,
      x,
      sigma: Float32Array.from(sigmas),
      cond: conds,
    });

    // Assess
    sigmas.forEach((sigma, b) => {
      const want = referenceDenoise(params, smooth, Math.fround(sigma), cond, T);
      expect(maxAbsDiff(got.subarray(b * T * D, (b + 1) * T * D), want)).toBeLessThan(1e-5);
    });
  });

  it('is an exact denoiser: the input back as sigma -> 0, the prior mean as sigma -> infinity', async () => {
    const T = 100;
    const x = randomArray(2 * T * D, 5);
    const cond = randomCond(2 * T * C, 6);
    const got = await denoiser.denoise({ batch: 2, frames: T, x, sigma: Float32Array.of(1e-5, 1e5), cond });
    expect(maxAbsDiff(got.subarray(0, T * D), x.subarray(0, T * D))).toBeLessThan(1e-4);
    const mu = priorMean(params, cond.subarray(T * C), T);
    expect(maxAbsDiff(got.subarray(T * D), mu)).toBeLessThan(1e-5);
  });
});
