/**
 * The samplers against the analytic motion prior's exact (Wiener) denoiser, `referenceDenoise`:
 * samples must match `priorMoments` (closed-form mean b + c·W and per-channel variance).
 *
 * Tolerances: residuals are AR(1)-correlated in time (pole ρ per group), so a pooled estimate
 * over N frames has the variance of N·(1−ρ)/(1+ρ) independent draws for the mean and
 * N·(1−ρ²)/(1+ρ²) for the variance. We allow 4 such standard errors, plus the DPM-Solver++(2M)
 * discretisation bias at 30 steps on [0.002, 10] (≤ 3 % for latent variances ≥ 1e-4; the exact
 * moment recursion of samplers.test.ts). Head channels (ρ = 0.967, few effective draws) are
 * checked on the mean only.
 */
import { describe, expect, it } from 'vitest';
import { CHANNEL_COUNT, channelIndex, MOTION_CHANNELS } from '../../../core/motion/channels.js';
import { buildMotionPriorParams, priorMoments, referenceDenoise } from '../../../core/motion/prior/index.js';
import { sampleDpmpp2m } from '../../../core/sampler/dpm-solver-pp-2m.js';
import { initialNoise } from '../../../core/sampler/initial-noise.js';
import { createRng } from '../../../core/sampler/rng.js';
import { karrasSigmas } from '../../../core/sampler/sigmas.js';

describe('DPM-Solver++(2M) over the motion prior', () => {
  it('samples match the closed-form conditional mean and variance per channel group', async () => {
    // Prepare
    const params = buildMotionPriorParams();
    const frames = 64;
    const seeds = 32;
    const cond = new Float32Array(frames * CHANNEL_COUNT);
    for (let t = 0; t < frames; t++) {
      cond[t * CHANNEL_COUNT + channelIndex('AU12L')] = 0.6;
      cond[t * CHANNEL_COUNT + channelIndex('AU12R')] = 0.6;
      cond[t * CHANNEL_COUNT + channelIndex('AU9')] = 0.6;
      cond[t * CHANNEL_COUNT + channelIndex('jawOpen')] = 0.4;
    }
    const { mean, variance } = priorMoments(params, cond, frames);
    const sigmas = karrasSigmas(30, params.sigma.min, params.sigma.max);
    const denoise = async (x: Float32Array, sigma: number) =>
      referenceDenoise(params, x, sigma, cond, frames);
    // Act
    const samples: Float32Array[] = [];
    for (let seed = 0; seed < seeds; seed++) {
      const x = initialNoise([frames, CHANNEL_COUNT], params.sigma.max, createRng(seed));
      samples.push(await sampleDpmpp2m(denoise, x, sigmas));
    }
    // Assess
    for (const group of ['au', 'articulation', 'gaze', 'blink', 'head'] as const) {
      const channels = MOTION_CHANNELS.flatMap((c, d) => (c.group === group ? [d] : []));
      const rho = Math.exp(
        -1 / (params.fps * { au: 0.4, articulation: 0.06, head: 1.2, gaze: 0.25, blink: 0.04 }[group]),
      );
      let sumZ = 0;
      let sumZ2 = 0;
      let n = 0;
      for (const s of samples) {
        for (let t = 0; t < frames; t++) {
          for (const d of channels) {
            const k = t * CHANNEL_COUNT + d;
            const z = ((s[k] as number) - (mean[k] as number)) / Math.sqrt(variance[k] as number);
            sumZ += z;
            sumZ2 += z * z;
            n += 1;
          }
        }
      }
      const meanZ = sumZ / n;
      const varRatio = sumZ2 / n - meanZ * meanZ;
      const nMean = (n * (1 - rho)) / (1 + rho);
      const nVar = (n * (1 - rho * rho)) / (1 + rho * rho);
      expect(Math.abs(meanZ), `${group} mean (z units)`).toBeLessThan(4 / Math.sqrt(nMean));
      if (group !== 'head')
        expect(Math.abs(varRatio - 1), `${group} variance ratio`).toBeLessThan(
          4 * Math.sqrt(2 / nVar) + 0.03,
        );
    }
    // the coupled mean: AU10 follows 0.2 × the AU9 target; AU6 gets nothing from AU12
    let au10 = 0;
    for (const s of samples)
      for (let t = 0; t < frames; t++)
        au10 += (s[t * CHANNEL_COUNT + channelIndex('AU10')] as number) / (seeds * frames);
    expect(mean[channelIndex('AU10')]).toBeCloseTo(0.12, 5);
    expect(mean[channelIndex('AU6')]).toBe(0);
    expect(Math.abs(au10 - 0.12)).toBeLessThan(0.02);
  });
});
