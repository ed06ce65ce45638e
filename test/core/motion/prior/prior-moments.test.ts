import { describe, expect, it } from 'vitest';
import { MOTION_CHANNELS } from '../../../../core/motion/channels.js';
import {
  buildMotionPriorParams,
  MOTION_PRIOR_DEFAULTS,
  priorMean,
  priorMoments,
  samplePrior,
} from '../../../../core/motion/prior/index.js';
import { createRng } from '../../../../core/sampler/rng.js';

const params = buildMotionPriorParams();
const D = params.channels.length;

describe('priorMoments', () => {
  it('gives the mean b + c W and the per-channel variance diag(A diag(s^2) A^T) on every frame', () => {
    // Prepare
    const T = 4;
    const cond = new Float32Array(T * D);
    cond[2 * D + params.channels.indexOf('AU9')] = 0.8;

    // Act
    const { mean, variance } = priorMoments(params, cond, T);

    // Assess
    expect(Array.from(mean)).toEqual(Array.from(Float32Array.from(priorMean(params, cond, T))));
    expect(mean[2 * D + params.channels.indexOf('AU9')]).toBeCloseTo(0.8, 6);
    expect(mean[2 * D + params.channels.indexOf('AU10')]).toBeCloseTo(0.8 * 0.2, 6);
    expect(mean[1 * D + params.channels.indexOf('AU10')]).toBe(0);
    MOTION_CHANNELS.forEach((ch, i) => {
      for (let t = 0; t < T; t++)
        expect(variance[t * D + i]).toBeCloseTo(MOTION_PRIOR_DEFAULTS.std[ch.group] ** 2, 7);
    });
  });

  it('matches the statistics of exact samples', () => {
    // Prepare: many frames of a few sequences, pooled per channel group.
    const T = 300;
    const runs = 6;
    const rng = createRng(42);
    const cond = new Float32Array(T * D);
    cond.fill(0.5);
    const { mean, variance } = priorMoments(params, cond, T);
    const sum = new Float64Array(D);
    const sq = new Float64Array(D);

    // Act
    for (let r = 0; r < runs; r++) {
      const x = samplePrior(params, cond, T, rng);
      for (let t = 0; t < T; t++) {
        for (let i = 0; i < D; i++) {
          const d = x[t * D + i]! - mean[t * D + i]!;
          sum[i] = sum[i]! + d;
          sq[i] = sq[i]! + d * d;
        }
      }
    }

    // Assess: pooled over all channels, standardised residuals have mean ~0 and variance ~1.
    let z = 0;
    let v = 0;
    for (let i = 0; i < D; i++) {
      z += sum[i]! / Math.sqrt(variance[i]!);
      v += sq[i]! / variance[i]!;
    }
    const n = runs * T * D;
    expect(Math.abs(z / n)).toBeLessThan(0.1);
    expect(v / n).toBeGreaterThan(0.85);
    expect(v / n).toBeLessThan(1.15);
  });
});
