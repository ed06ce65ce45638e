import { describe, expect, it } from 'vitest';
import { resample } from '../../../core/speech/resample.js';
import { sine, sineAmplitude, zeroCrossingFrequency } from './signals.js';

/** Level of the (possibly aliased) tone `f` in a 16 kHz output, dB relative to amplitude 0.5. */
function levelDb(y: Float32Array, f: number): number {
  const observed = f <= 8000 ? f : 16000 - f;
  return 20 * Math.log10(sineAmplitude(y, observed, 16000, 2000, y.length - 2000) / 0.5);
}

describe('resample', () => {
  it.each([44100, 48000, 22050, 8000, 44099])(
    'keeps a 440 Hz sine from %i Hz within 1%% in frequency and amplitude',
    (rate) => {
      // Prepare
      const x = sine(440, rate, 1, 0.5);

      // Act
      const y = resample(x, rate, 16000);

      // Assess (interior, away from the zero-padded edges)
      expect(y.length).toBe(Math.round((x.length * 16000) / rate));
      const frequency = zeroCrossingFrequency(y, 16000, 1000, y.length - 1000);
      expect(Math.abs(frequency - 440) / 440).toBeLessThan(0.001);
      const amplitude = sineAmplitude(y, 440, 16000, 1000, y.length - 1000);
      expect(Math.abs(amplitude - 0.5) / 0.5).toBeLessThan(0.001);
    },
  );

  it('has a flat passband to 6 kHz and rejects what would alias by more than 80 dB', () => {
    for (const rate of [44100, 48000]) {
      const pass = [1000, 3000, 6000].map((f) => levelDb(resample(sine(f, rate, 1), rate, 16000), f));
      for (const db of pass) expect(Math.abs(db)).toBeLessThan(0.01);
      const stop = [8200, 9000, 12000, 20000].map((f) => levelDb(resample(sine(f, rate, 1), rate, 16000), f));
      for (const db of stop) expect(db).toBeLessThan(-80);
    }
  });

  it('adds no delay: an impulse at 1 s stays at 1 s', () => {
    const x = new Float32Array(88200);
    x[44100] = 1;
    const y = resample(x, 44100, 16000);
    const peak = y.reduce((best, v, i) => (Math.abs(v) > Math.abs(y[best] as number) ? i : best), 0);
    expect(peak).toBe(16000);
  });

  it('returns the input itself at the same rate and refuses non-integer rates', () => {
    const x = new Float32Array(10);
    expect(resample(x, 16000, 16000)).toBe(x);
    expect(() => resample(x, 44100.5, 16000)).toThrow(RangeError);
    expect(() => resample(x, 0, 16000)).toThrow(RangeError);
  });

  it('handles inputs shorter than the kernel', () => {
    const y = resample(Float32Array.from([0.5, 0.5, 0.5]), 48000, 16000);
    expect(y.length).toBe(1);
    expect(Number.isFinite(y[0])).toBe(true);
  });
});
