import { describe, expect, it } from 'vitest';
import { SamplerError } from '../../../core/sampler/sampler-error.js';
import { karrasSigmas } from '../../../core/sampler/sigmas.js';

describe('karrasSigmas', () => {
  it('returns n + 1 values from σ_max down to σ_min, then 0, strictly decreasing', () => {
    // Act
    const sigmas = karrasSigmas(30, 0.002, 80);
    // Assess
    expect(sigmas).toHaveLength(31);
    expect(sigmas[0]).toBe(80);
    expect(sigmas[29]).toBe(0.002);
    expect(sigmas[30]).toBe(0);
    for (let i = 1; i < sigmas.length; i++) expect(sigmas[i]).toBeLessThan(sigmas[i - 1] as number);
  });

  it('follows EDM eq. (5): linear in σ^(1/ρ)', () => {
    // Prepare
    const rho = 7;
    // Act
    const sigmas = karrasSigmas(11, 0.01, 10, rho);
    // Assess: σ_5^(1/ρ) is the midpoint of the endpoints' σ^(1/ρ)
    const mid = (10 ** (1 / rho) + 0.01 ** (1 / rho)) / 2;
    expect(sigmas[5]).toBeCloseTo(mid ** rho, 12);
  });

  it('with one step goes from σ_max straight to 0', () => {
    expect(Array.from(karrasSigmas(1, 0.002, 10))).toEqual([10, 0]);
  });

  it('rejects bad ranges and step counts', () => {
    expect(() => karrasSigmas(0, 0.002, 10)).toThrow(SamplerError);
    expect(() => karrasSigmas(10, 10, 1)).toThrow(SamplerError);
    expect(() => karrasSigmas(10, 0, 1)).toThrow(SamplerError);
    expect(() => karrasSigmas(10, 0.1, 1, 0)).toThrow(SamplerError);
  });
});
