/**
 * Samplers against an exact Gaussian denoiser (closed-form target N(m, v) per element).
 *
 * Tolerances (N elements per group, 4 standard errors of the estimate plus a stated bias):
 * - mean:     4·√(v/N) + the start bias. initialNoise draws N(0, σ_max²), not N(m, v + σ_max²);
 *             the ODE maps the start linearly with gain √(v/(v+σ_max²)), leaving |m|·√(v/(v+σ_max²)).
 * - variance: 4·√(2/(N−1)) relative + the discretisation bias of the schedule, bounded by the
 *             exact moment recursion below: DPM-Solver++(2M) 50 Karras steps on [0.002, 80]:
 *             ≤ 1.7 %, 30 steps on [0.002, 10]: ≤ 1.5 % (taken 2 %); DDIM η = 1, 500 steps on
 *             [0.002, 10]: variance deficit
 *             ≤ 1.9 % (ancestral DDIM converges only at first order; taken 2.5 %).
 */
import { describe, expect, it } from 'vitest';
import { ancestralStep, sampleDdim } from '../../../core/sampler/ddim.js';
import { sampleDpmpp2m } from '../../../core/sampler/dpm-solver-pp-2m.js';
import { initialNoise } from '../../../core/sampler/initial-noise.js';
import { createRng } from '../../../core/sampler/rng.js';
import type { StepInfo } from '../../../core/sampler/sampler-contract.js';
import { SamplerError } from '../../../core/sampler/sampler-error.js';
import { SAMPLERS } from '../../../core/sampler/samplers.js';
import { karrasSigmas } from '../../../core/sampler/sigmas.js';
import { independentGaussianDenoise } from './gaussian-fake.js';
import { moments, rms } from './stats.js';

/** Three (m, v) groups of N elements each, laid out group by group. */
const GROUPS = [
  { m: -0.5, v: 0.04 },
  { m: 0.2, v: 0.25 },
  { m: 1, v: 1 },
] as const;

function groupedPrior(n: number) {
  const mean = new Float64Array(GROUPS.length * n);
  const variance = new Float64Array(GROUPS.length * n);
  GROUPS.forEach(({ m, v }, g) => {
    mean.fill(m, g * n, (g + 1) * n);
    variance.fill(v, g * n, (g + 1) * n);
  });
  return { mean, variance };
}

/**
 * Exact moments of one DDIM step chain for an element N(m, v): with y = x − m, a step is
 * y' = a·y + σ↑ z, a = g + (σ↓/σ)(1 − g), g = v/(v + σ²). From y_0 ~ N(−m, σ_0²):
 * E[y_N] = −m·Π a,  Var[y_N] = Π a²·σ_0² + Σ (σ↑² · Π_later a²).
 */
function ddimElementMoments(m: number, v: number, sigmas: Float64Array, eta: number) {
  let mean = -m;
  let variance = (sigmas[0] as number) ** 2;
  for (let i = 0; i < sigmas.length - 1; i++) {
    const s = sigmas[i] as number;
    const g = v / (v + s * s);
    const { down, up } = ancestralStep(s, sigmas[i + 1] as number, eta);
    const a = g + (down / s) * (1 - g);
    mean *= a;
    variance = a * a * variance + up * up;
  }
  return { mean: m + mean, variance };
}

describe('DPM-Solver++(2M) with an exact Gaussian denoiser', () => {
  it('one long sample matches the closed-form mean and variance of every group', async () => {
    // Prepare
    const n = 40_000;
    const sigmaMax = 80;
    const { mean, variance } = groupedPrior(n);
    const rng = createRng(2024);
    const x = initialNoise([GROUPS.length * n], sigmaMax, rng);
    // Act
    const out = await sampleDpmpp2m(
      independentGaussianDenoise(mean, variance),
      x,
      karrasSigmas(50, 0.002, sigmaMax),
    );
    // Assess
    GROUPS.forEach(({ m, v }, g) => {
      const stats = moments(out.subarray(g * n, (g + 1) * n));
      const startBias = Math.abs(m) * Math.sqrt(v / (v + sigmaMax ** 2));
      expect(Math.abs(stats.mean - m)).toBeLessThan(4 * Math.sqrt(v / n) + startBias);
      expect(Math.abs(stats.variance / v - 1)).toBeLessThan(4 * Math.sqrt(2 / (n - 1)) + 0.02);
    });
  });

  it('400 seeds × 48 elements: pooled moments match, and seeds are independent', async () => {
    // Prepare
    const seeds = 400;
    const size = 48;
    const v = 0.25;
    const m = 0.3;
    const sigmas = karrasSigmas(30, 0.002, 10);
    const denoise = independentGaussianDenoise(
      new Float64Array(size).fill(m),
      new Float64Array(size).fill(v),
    );
    // Act
    const samples: Float32Array[] = [];
    for (let seed = 0; seed < seeds; seed++) {
      samples.push(await sampleDpmpp2m(denoise, initialNoise([size], 10, createRng(seed)), sigmas));
    }
    // Assess: pooled moments (N = 19 200; 30 steps on [0.002, 10]: discretisation 1.4 %, taken 2 %)
    const pooled = new Float32Array(seeds * size);
    samples.forEach((s, i) => {
      pooled.set(s, i * size);
    });
    const stats = moments(pooled);
    expect(Math.abs(stats.mean - m)).toBeLessThan(
      4 * Math.sqrt(v / pooled.length) + m * Math.sqrt(v / (v + 100)),
    );
    expect(Math.abs(stats.variance / v - 1)).toBeLessThan(4 * Math.sqrt(2 / pooled.length) + 0.02);
    // consecutive seeds are uncorrelated: |r| < 4/√(seeds·size)
    let r = 0;
    for (let i = 1; i < seeds; i++) {
      for (let k = 0; k < size; k++)
        r += ((samples[i]?.[k] as number) - m) * ((samples[i - 1]?.[k] as number) - m);
    }
    r /= (seeds - 1) * size * stats.variance;
    expect(Math.abs(r)).toBeLessThan(4 / Math.sqrt((seeds - 1) * size));
  });
});

describe('DDIM with an exact Gaussian denoiser', () => {
  it('η = 1 (ancestral): a long sample matches the closed form, and the exact recursion within 4 SE', async () => {
    // Prepare
    const n = 20_000;
    const sigmas = karrasSigmas(500, 0.002, 10);
    const { mean, variance } = groupedPrior(n);
    const rng = createRng(99);
    const x = initialNoise([GROUPS.length * n], 10, rng);
    // Act
    const out = await sampleDdim(independentGaussianDenoise(mean, variance), x, sigmas, { rng, eta: 1 });
    // Assess
    GROUPS.forEach(({ m, v }, g) => {
      const stats = moments(out.subarray(g * n, (g + 1) * n));
      const exact = ddimElementMoments(m, v, sigmas, 1);
      const seMean = 4 * Math.sqrt(v / n);
      const seVar = 4 * Math.sqrt(2 / (n - 1));
      expect(Math.abs(stats.mean - m)).toBeLessThan(seMean + 0.01 * Math.abs(m));
      expect(Math.abs(stats.variance / v - 1)).toBeLessThan(seVar + 0.025);
      expect(Math.abs(stats.mean - exact.mean)).toBeLessThan(seMean);
      expect(Math.abs(stats.variance / exact.variance - 1)).toBeLessThan(seVar);
    });
  });

  it('η = 1: the variance deficit of the exact recursion shrinks as steps grow (first order)', () => {
    // Act
    const deficits = [50, 100, 200, 400, 1000].map((steps) => {
      const { variance } = ddimElementMoments(0, 1, karrasSigmas(steps, 0.002, 80), 1);
      return 1 - variance;
    });
    // Assess
    for (let i = 1; i < deficits.length; i++) expect(deficits[i]).toBeLessThan(deficits[i - 1] as number);
    expect(deficits.at(-1)).toBeLessThan(0.015);
  });

  it('η = 0 maps the start noise deterministically: same seed same output, other seed another', async () => {
    // Prepare
    const size = 64;
    const denoise = independentGaussianDenoise(
      new Float64Array(size).fill(0.1),
      new Float64Array(size).fill(0.5),
    );
    const sigmas = karrasSigmas(20, 0.002, 10);
    const run = (seed: number) =>
      sampleDdim(denoise, initialNoise([size], 10, createRng(seed)), sigmas, { eta: 0 });
    // Act
    const [a, again, other] = await Promise.all([run(1), run(1), run(2)]);
    // Assess
    expect(Array.from(again)).toEqual(Array.from(a));
    expect(rms(a, other)).toBeGreaterThan(0.1);
  });

  it('η > 0 needs an rng, and η < 0 is rejected', async () => {
    // Prepare
    const denoise = independentGaussianDenoise([0], [1]);
    const sigmas = karrasSigmas(3, 0.01, 1);
    // Act / Assess
    await expect(sampleDdim(denoise, new Float32Array(1), sigmas, { eta: 1 })).rejects.toThrow(SamplerError);
    await expect(sampleDdim(denoise, new Float32Array(1), sigmas, { eta: -1 })).rejects.toThrow(/eta/);
  });
});

describe.each(Object.entries(SAMPLERS))('%s, as a k-diffusion sampler', (name, sample) => {
  it('converges: the error against a 500-step reference falls as steps grow', async () => {
    // Prepare
    const size = 256;
    const mean = Float64Array.from({ length: size }, (_, k) => Math.sin(k));
    const variance = Float64Array.from({ length: size }, (_, k) => 0.01 + (k % 7) / 7);
    const denoise = independentGaussianDenoise(mean, variance);
    const x = initialNoise([size], 10, createRng(3));
    const reference = await sample(denoise, x, karrasSigmas(500, 0.002, 10), { eta: 0 });
    // Act
    const errors: number[] = [];
    for (const steps of [5, 10, 20, 40, 80]) {
      errors.push(rms(await sample(denoise, x, karrasSigmas(steps, 0.002, 10), { eta: 0 }), reference));
    }
    // Assess
    for (let i = 1; i < errors.length; i++)
      expect(errors[i], `${name} errors ${errors}`).toBeLessThan(errors[i - 1] as number);
  });

  it('reports every step, leaves x untouched, and ends on the last denoised estimate', async () => {
    // Prepare
    const denoise = independentGaussianDenoise([0.5, -0.5], [0.2, 0.2]);
    const x = Float32Array.of(3, -4);
    const sigmas = karrasSigmas(6, 0.01, 5);
    const steps: StepInfo[] = [];
    let lastDenoised = new Float32Array(2);
    // Act
    const out = await sample(denoise, x, sigmas, {
      eta: 0,
      onStep: (step) => {
        steps.push({ ...step });
        lastDenoised = Float32Array.from(step.denoised);
      },
    });
    // Assess
    expect(steps.map((s) => s.i)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(steps.map((s) => s.sigma)).toEqual(Array.from(sigmas.subarray(0, 6)));
    expect(steps.at(-1)?.sigmaNext).toBe(0);
    expect(Array.from(x)).toEqual([3, -4]);
    expect(Array.from(out)).toEqual(Array.from(lastDenoised));
  });

  it('stops when aborted and rejects a denoiser of the wrong length', async () => {
    // Prepare
    const controller = new AbortController();
    controller.abort(new Error('deadline'));
    const sigmas = karrasSigmas(4, 0.01, 1);
    const short = async () => new Float32Array(1);
    // Act / Assess
    await expect(
      sample(independentGaussianDenoise([0], [1]), new Float32Array(1), sigmas, {
        signal: controller.signal,
      }),
    ).rejects.toThrow(/aborted/);
    await expect(sample(short, new Float32Array(2), sigmas)).rejects.toThrow(SamplerError);
    await expect(sample(short, new Float32Array(1), [1, 2, 0])).rejects.toThrow(/decrease/);
  });
});
