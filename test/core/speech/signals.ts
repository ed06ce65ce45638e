/**
 * Test signals: sines, seeded noise, a formant vowel synthesiser, and small statistics.
 * Deterministic: the only randomness is a seeded mulberry32 generator.
 */

/** mulberry32: a seeded uniform generator on [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function sine(
  frequency: number,
  sampleRate: number,
  seconds: number,
  amplitude = 0.5,
  phase = 0,
): Float32Array {
  const n = Math.round(seconds * sampleRate);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++)
    out[i] = amplitude * Math.sin((2 * Math.PI * frequency * i) / sampleRate + phase);
  return out;
}

/** Uniform white noise of the given RMS. */
export function noise(sampleRate: number, seconds: number, rms: number, seed = 1): Float32Array {
  const random = seededRandom(seed);
  const n = Math.round(seconds * sampleRate);
  const out = new Float32Array(n);
  const scale = rms * Math.sqrt(12);
  for (let i = 0; i < n; i++) out[i] = (random() - 0.5) * scale;
  return out;
}

/**
 * A vowel: a glottal pulse train at f0 (with a −6 dB/octave tilt) through cascaded two-pole
 * resonators at the formants (Klatt-style), normalised to `peak`.
 */
export function vowel(
  formants: readonly number[],
  seconds: number,
  options: { f0?: number; peak?: number } = {},
): Float32Array {
  const rate = 16000;
  const f0 = options.f0 ?? 120;
  const n = Math.round(seconds * rate);
  let y = new Float32Array(n);
  const period = Math.round(rate / f0);
  let lp = 0;
  for (let i = 0; i < n; i++) {
    lp = 0.97 * lp + (i % period === 0 ? 1 : 0);
    y[i] = lp;
  }
  const bandwidths = [60, 90, 120, 150];
  formants.forEach((f, j) => {
    const r = Math.exp((-Math.PI * (bandwidths[j] ?? 150)) / rate);
    const a1 = 2 * r * Math.cos((2 * Math.PI * f) / rate);
    const a2 = -r * r;
    const out = new Float32Array(n);
    let y1 = 0;
    let y2 = 0;
    for (let i = 0; i < n; i++) {
      const v = (1 - r) * (y[i] as number) + a1 * y1 + a2 * y2;
      out[i] = v;
      y2 = y1;
      y1 = v;
    }
    y = out;
  });
  let max = 0;
  for (let i = 0; i < n; i++) max = Math.max(max, Math.abs(y[i] as number));
  const scale = (options.peak ?? 0.5) / (max || 1);
  for (let i = 0; i < n; i++) y[i] = (y[i] as number) * scale;
  return y;
}

export function concat(...parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = Math.min(a.length, b.length);
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i] as number;
    mb += b[i] as number;
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const x = (a[i] as number) - ma;
    const y = (b[i] as number) - mb;
    sab += x * y;
    saa += x * x;
    sbb += y * y;
  }
  return sab / Math.sqrt(saa * sbb);
}

export function rms(x: ArrayLike<number>, start = 0, end = x.length): number {
  let sum = 0;
  for (let i = start; i < end; i++) sum += (x[i] as number) ** 2;
  return Math.sqrt(sum / Math.max(1, end - start));
}

/** Frequency of a sine from its upward zero crossings (linearly interpolated), Hz. */
export function zeroCrossingFrequency(
  x: Float32Array,
  sampleRate: number,
  start = 0,
  end = x.length,
): number {
  const crossings: number[] = [];
  for (let i = Math.max(1, start); i < end; i++) {
    const a = x[i - 1] as number;
    const b = x[i] as number;
    if (a < 0 && b >= 0) crossings.push(i - 1 + a / (a - b));
  }
  const first = crossings[0] ?? 0;
  const last = crossings.at(-1) ?? 0;
  return ((crossings.length - 1) * sampleRate) / (last - first);
}

/** Amplitude of a sine at a known frequency by projection (least squares), over [start, end). */
export function sineAmplitude(
  x: Float32Array,
  frequency: number,
  sampleRate: number,
  start = 0,
  end = x.length,
): number {
  let c = 0;
  let s = 0;
  for (let i = start; i < end; i++) {
    const w = (2 * Math.PI * frequency * i) / sampleRate;
    c += (x[i] as number) * Math.cos(w);
    s += (x[i] as number) * Math.sin(w);
  }
  return (2 * Math.hypot(c, s)) / (end - start);
}
