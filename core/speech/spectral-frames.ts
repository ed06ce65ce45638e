/**
 * Short-time spectral analysis of 16 kHz speech: one analysis frame per 10 ms hop, a 32 ms Hann
 * window centred on the hop (frame k is centred at (k + ½)·hop and stands for [k·hop, (k+1)·hop)),
 * a 512-point FFT, and four measures per frame.
 *
 * Notation: P[j] = |X[j]|² the power in FFT bin j (bin width Δf = r / N = 31.25 Hz),
 * w the window, N = 512, band(a, b) the bins with a ≤ j·Δf ≤ b.
 *
 *   (1) power      p = 2 Σ_{band(100,5000)} P[j] / (N · Σ w²)     mean square of the speech band
 *                  (Parseval: a full-band sum gives the windowed mean square of the signal)
 *   (2) F1 proxy   c₁ = Σ_{band(150,1000)} f_j P[j] / Σ_{band(150,1000)} P[j]     in Hz
 *   (3) F2 proxy   c₂ = the same centroid over band(800, 3000)
 *   (4) low share  s = Σ_{band(100,500)} P[j] / Σ_{band(100,5000)} P[j]
 *
 * Centroids over a band that holds one formant follow that formant: c₂ tracks the second formant
 * (low for rounded vowels /u o ʊ/, high for spread /i ɪ e/), c₁ the first (high for open /a æ/).
 * The low share is high for nasal murmur and voice bars (closed lips or tongue, open velum).
 */
import { RealFft } from './fft.js';

export const SPECTRAL_FRAME_DEFAULTS = {
  /** Input sample rate in Hz. @default 16000 */
  sampleRate: 16000,
  /** Hop between analysis frames in samples (10 ms). @default 160 */
  hop: 160,
  /** Window and FFT length in samples (32 ms). @default 512 */
  window: 512,
  /** Speech band for the power, Hz. @default [100, 5000] */
  speechBand: [100, 5000],
  /** Band of the first-formant proxy, Hz. @default [150, 1000] */
  f1Band: [150, 1000],
  /** Band of the second-formant proxy, Hz. @default [800, 3000] */
  f2Band: [800, 3000],
  /** Band of the low share, Hz. @default [100, 500] */
  lowBand: [100, 500],
} as const;

export interface SpectralFrames {
  readonly hopSec: number;
  readonly count: number;
  /** (1) speech-band mean square, in (signal units)². */
  readonly power: Float32Array;
  /** (2) first-formant proxy, Hz (NaN-free: band centre when the band is empty). */
  readonly f1Hz: Float32Array;
  /** (3) second-formant proxy, Hz. */
  readonly f2Hz: Float32Array;
  /** (4) share of the speech-band power below 500 Hz, 0..1. */
  readonly lowShare: Float32Array;
}

type Band = readonly [number, number];

function binRange(band: Band, binHz: number, bins: number): [number, number] {
  return [Math.max(0, Math.ceil(band[0] / binHz)), Math.min(bins - 1, Math.floor(band[1] / binHz))];
}

/** Analyses `samples` (16 kHz mono, already DC-free) into 10 ms spectral frames. */
export function analyseSpectralFrames(samples: Float32Array): SpectralFrames {
  const { sampleRate, hop, window: size } = SPECTRAL_FRAME_DEFAULTS;
  const count = Math.ceil(samples.length / hop);
  const fft = new RealFft(size);
  const bins = size / 2 + 1;
  const binHz = sampleRate / size;
  const hann = new Float64Array(size);
  let windowEnergy = 0;
  for (let i = 0; i < size; i++) {
    const w = 0.5 - 0.5 * Math.cos((2 * Math.PI * (i + 0.5)) / size);
    hann[i] = w;
    windowEnergy += w * w;
  }
  const powerScale = 2 / (size * windowEnergy);
  const [s0, s1] = binRange(SPECTRAL_FRAME_DEFAULTS.speechBand, binHz, bins);
  const [a0, a1] = binRange(SPECTRAL_FRAME_DEFAULTS.f1Band, binHz, bins);
  const [b0, b1] = binRange(SPECTRAL_FRAME_DEFAULTS.f2Band, binHz, bins);
  const [l0, l1] = binRange(SPECTRAL_FRAME_DEFAULTS.lowBand, binHz, bins);
  const f1Centre = (SPECTRAL_FRAME_DEFAULTS.f1Band[0] + SPECTRAL_FRAME_DEFAULTS.f1Band[1]) / 2;
  const f2Centre = (SPECTRAL_FRAME_DEFAULTS.f2Band[0] + SPECTRAL_FRAME_DEFAULTS.f2Band[1]) / 2;

  const power = new Float32Array(count);
  const f1Hz = new Float32Array(count);
  const f2Hz = new Float32Array(count);
  const lowShare = new Float32Array(count);
  const frame = new Float64Array(size);
  const spectrum = new Float64Array(bins);
  const n = samples.length;

  const maxBin = Math.max(s1, a1, b1, l1);

  for (let k = 0; k < count; k++) {
    const start = k * hop + hop / 2 - size / 2;
    if (start >= 0 && start + size <= n) {
      for (let i = 0; i < size; i++) frame[i] = (samples[start + i] as number) * (hann[i] as number);
    } else {
      for (let i = 0; i < size; i++) {
        const j = start + i;
        frame[i] = j >= 0 && j < n ? (samples[j] as number) * (hann[i] as number) : 0;
      }
    }
    fft.powerSpectrum(frame, spectrum, maxBin);

    let band = 0;
    for (let j = s0; j <= s1; j++) band += spectrum[j] as number;
    let low = 0;
    for (let j = l0; j <= l1; j++) low += spectrum[j] as number;
    let m1 = 0;
    let w1 = 0;
    for (let j = a0; j <= a1; j++) {
      m1 += j * (spectrum[j] as number);
      w1 += spectrum[j] as number;
    }
    let m2 = 0;
    let w2 = 0;
    for (let j = b0; j <= b1; j++) {
      m2 += j * (spectrum[j] as number);
      w2 += spectrum[j] as number;
    }
    power[k] = band * powerScale;
    lowShare[k] = band > 0 ? low / band : 0;
    f1Hz[k] = w1 > 0 ? (m1 / w1) * binHz : f1Centre;
    f2Hz[k] = w2 > 0 ? (m2 / w2) * binHz : f2Centre;
  }
  return { hopSec: hop / sampleRate, count, power, f1Hz, f2Hz, lowShare };
}
