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
