import { describe, expect, it } from 'vitest';
import { Fft, RealFft } from '../../../core/speech/fft.js';
import { seededRandom } from './signals.js';

/** Naive DFT power spectrum, k = 0..N/2. */
function dftPower(x: Float64Array): Float64Array {
  const n = x.length;
  const out = new Float64Array(n / 2 + 1);
  for (let k = 0; k <= n / 2; k++) {
    let re = 0;
    let im = 0;
    for (let t = 0; t < n; t++) {
      re += (x[t] as number) * Math.cos((2 * Math.PI * k * t) / n);
      im -= (x[t] as number) * Math.sin((2 * Math.PI * k * t) / n);
    }
    out[k] = re * re + im * im;
  }
  return out;
}

describe('fft', () => {
  it.each([4, 8, 64, 512])('matches a naive DFT for size %i', (n) => {
    // Prepare
    const random = seededRandom(n);
    const x = Float64Array.from({ length: n }, () => random() - 0.5);

    // Act
    const real = new RealFft(n).powerSpectrum(x, new Float64Array(n / 2 + 1));
    const re = Float64Array.from(x);
    const im = new Float64Array(n);
    new Fft(n).transform(re, im);

    // Assess
    const expected = dftPower(x);
    for (let k = 0; k <= n / 2; k++) {
      expect(real[k]).toBeCloseTo(expected[k] as number, 9);
      expect((re[k] as number) ** 2 + (im[k] as number) ** 2).toBeCloseTo(expected[k] as number, 9);
    }
  });

  it('computes only the bins up to maxBin when asked', () => {
    const random = seededRandom(5);
    const x = Float64Array.from({ length: 64 }, () => random() - 0.5);
    const out = new RealFft(64).powerSpectrum(x, new Float64Array(33).fill(-1), 10);
    const expected = dftPower(x);
    for (let k = 0; k <= 10; k++) expect(out[k]).toBeCloseTo(expected[k] as number, 9);
    expect(out[11]).toBe(-1);
  });

  it('refuses sizes that are not powers of two', () => {
    expect(() => new Fft(12)).toThrow(RangeError);
    expect(() => new RealFft(2)).toThrow(RangeError);
  });
});
