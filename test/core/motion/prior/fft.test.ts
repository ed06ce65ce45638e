import { describe, expect, it } from 'vitest';
import { createDft } from '../../../../core/motion/prior/fft.js';
import { createRng } from '../../../../core/sampler/rng.js';

function directDft(re: Float64Array, im: Float64Array): [Float64Array, Float64Array] {
  const n = re.length;
  const outRe = new Float64Array(n);
  const outIm = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    for (let t = 0; t < n; t++) {
      const a = (-2 * Math.PI * ((k * t) % n)) / n;
      outRe[k] = outRe[k]! + re[t]! * Math.cos(a) - im[t]! * Math.sin(a);
      outIm[k] = outIm[k]! + re[t]! * Math.sin(a) + im[t]! * Math.cos(a);
    }
  }
  return [outRe, outIm];
}

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
};

describe('createDft', () => {
  it.each([1, 2, 3, 7, 8, 64, 125, 250, 1500])('matches the direct DFT and inverts it for n = %i', (n) => {
    // Prepare
    const rng = createRng(n);
    const re = Float64Array.from({ length: n }, () => rng.normal());
    const im = Float64Array.from({ length: n }, () => rng.normal());
    const [wantRe, wantIm] = directDft(re, im);
    const plan = createDft(n);
    const gotRe = re.slice();
    const gotIm = im.slice();

    // Act
    plan.forward(gotRe, gotIm);
    const forwardErr = Math.max(maxAbsDiff(gotRe, wantRe), maxAbsDiff(gotIm, wantIm));
    plan.inverse(gotRe, gotIm);

    // Assess
    expect(forwardErr).toBeLessThan(1e-9 * n);
    expect(Math.max(maxAbsDiff(gotRe, re), maxAbsDiff(gotIm, im))).toBeLessThan(1e-12);
  });

  it('rejects a length that is not a positive integer', () => {
    expect(() => createDft(0)).toThrow(RangeError);
    expect(() => createDft(2.5)).toThrow(/positive integer/);
  });
});
