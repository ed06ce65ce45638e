import { describe, expect, it } from 'vitest';
import { createRng, createRngFromState } from '../../../core/sampler/rng.js';
import { SamplerError } from '../../../core/sampler/sampler-error.js';
import { moments } from './stats.js';

describe('createRng', () => {
  it('matches the xoshiro128** reference output for state {1, 2, 3, 4}', () => {
    // Prepare
    const rng = createRngFromState([1, 2, 3, 4]);
    // Act
    const out = Array.from({ length: 6 }, () => rng.nextUint32());
    // Assess: first outputs of Vigna's reference C implementation
    expect(out).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492]);
  });

  it('repeats a sequence for the same seed and stream, and differs otherwise', () => {
    // Prepare
    const draw = (seed: number, stream = 0) => {
      const rng = createRng(seed, stream);
      return Array.from({ length: 8 }, () => rng.normal());
    };
    // Act
    const a = draw(42);
    const again = draw(42);
    const otherSeed = draw(43);
    const otherStream = draw(42, 1);
    // Assess
    expect(again).toEqual(a);
    expect(otherSeed).not.toEqual(a);
    expect(otherStream).not.toEqual(a);
  });

  it('gives uniforms in [0, 1) and accepts seeds up to 2^53 − 1', () => {
    // Prepare
    const rng = createRng(Number.MAX_SAFE_INTEGER);
    // Act
    const u = Array.from({ length: 10_000 }, () => rng.next());
    // Assess
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThan(1);
    expect(Math.abs(moments(u).mean - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / u.length));
  });

  it('draws standard normals: mean 0, variance 1, no skew, kurtosis 3', () => {
    // Prepare
    const n = 200_000;
    const z = createRng(7).fillNormal(new Float32Array(n));
    // Act
    const { mean, variance } = moments(z);
    let m3 = 0;
    let m4 = 0;
    for (const v of z) {
      m3 += v ** 3 / n;
      m4 += v ** 4 / n;
    }
    // Assess: 4 standard errors (SE of mean 1/√n, of variance √(2/n), of m3 √(15/n), of m4 √(96/n))
    expect(Math.abs(mean)).toBeLessThan(4 / Math.sqrt(n));
    expect(Math.abs(variance - 1)).toBeLessThan(4 * Math.sqrt(2 / n));
    expect(Math.abs(m3)).toBeLessThan(4 * Math.sqrt(15 / n));
    expect(Math.abs(m4 - 3)).toBeLessThan(4 * Math.sqrt(96 / n));
  });

  it('fillNormal gives the same values as repeated normal() calls, odd lengths included', () => {
    // Prepare
    const a = createRng(5);
    const b = createRng(5);
    // Act
    a.normal(); // leaves a cached spare
    b.normal();
    const filled = Array.from(a.fillNormal(new Float32Array(7)));
    const called = Array.from({ length: 7 }, () => Math.fround(b.normal()));
    // Assess
    expect(filled).toEqual(called);
  });

  it('rejects seeds that are not integers in [0, 2^53)', () => {
    expect(() => createRng(-1)).toThrow(SamplerError);
    expect(() => createRng(1.5)).toThrow(SamplerError);
    expect(() => createRng(2 ** 53)).toThrow(/seed/);
    expect(() => createRngFromState([0, 0, 0, 0])).toThrow(SamplerError);
  });
});
