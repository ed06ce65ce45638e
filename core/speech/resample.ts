/**
 * Band-limited resampling with a Kaiser-windowed sinc, evaluated through a polyphase table.
 *
 * Notation: `x[k]` input at rate `r_in`, `y[n]` output at rate `r_out`, times in input samples.
 *
 *   (1) position   t_n = n · r_in / r_out           (sample 0 of both is the same instant)
 *   (2) cutoff     f_c = ½ · ρ · min(1, r_out / r_in)    cycles per input sample (ρ: rolloff)
 *   (3) kernel     h(τ) = 2 f_c · sinc(2 f_c τ) · w(τ / W),   W = Z / (2 f_c)   (Z zero crossings)
 *                  w(u) = I₀(β √(1 − u²)) / I₀(β) for |u| ≤ 1, else 0          (Kaiser window)
 *   (4) output     y[n] = Σ_k x[k] · h(t_n − k)          (zero outside the input; no delay)
 *
 * With rates reduced by their gcd to `r_out = L·g`, `r_in = M·g`, the fractional part of t_n
 * takes only L values, so (3) is tabulated once per phase, each phase normalised to a DC gain of
 * exactly 1. When L exceeds `maxPhases` the phase is rounded to the nearest of `maxPhases` values:
 * a timing error below 1/(2·maxPhases) of an input sample (< -80 dB for speech frequencies).
 *
 * Quality with the defaults (Z = 20, β = 8, ρ = 0.9), to 16 kHz, measured by the tests:
 * passband flat within 0.01 dB up to 6 kHz (−0.1 dB at 6.5 kHz, −3 dB near 7 kHz), stopband
 * below −80 dB from 8.2 kHz up, so nothing audible aliases into the speech band; frequency and
 * amplitude of a tone are kept to better than 0.01 %; no delay (an impulse stays where it was).
 * Cost: 2⌈W⌉ taps per output sample, 124 at 44.1 kHz -> 16 kHz: 60 s takes about 0.25 s.
 */

export const RESAMPLE_DEFAULTS = {
  /** Output sample rate in Hz. @default 16000 */
  targetRate: 16000,
  /** Zero crossings of the sinc on each side of the kernel (Z). @default 20 */
  zeroCrossings: 20,
  /** Kaiser window shape (β); 8 gives about 80 dB of sidelobe rejection. @default 8 */
  kaiserBeta: 8,
  /** Cutoff as a fraction of the lower Nyquist frequency (ρ). @default 0.9 */
  rolloff: 0.9,
  /** Most phases tabulated; more distinct phases are rounded to these. @default 4096 */
  maxPhases: 4096,
} as const;

export interface ResampleOptions {
  readonly zeroCrossings?: number;
  readonly kaiserBeta?: number;
  readonly rolloff?: number;
  readonly maxPhases?: number;
}

function gcd(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}

/** Modified Bessel function of the first kind, order 0 (power series; converges fast for β ≤ 20). */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  const q = (x * x) / 4;
  for (let k = 1; k < 50 && term > sum * 1e-12; k++) {
    term *= q / (k * k);
    sum += term;
  }
  return sum;
}

interface PolyphaseTable {
  /** `phases` rows of `taps` coefficients; row j is h(j/phases − i) for i = −half+1 .. half. */
  readonly coefficients: Float32Array;
  readonly phases: number;
  readonly taps: number;
  readonly half: number;
}

function buildTable(fc: number, phases: number, zeroCrossings: number, beta: number): PolyphaseTable {
  const width = zeroCrossings / (2 * fc); // W, in input samples
  const half = Math.ceil(width);
  const taps = 2 * half;
  const coefficients = new Float32Array(phases * taps);
  const i0Beta = besselI0(beta);
  for (let j = 0; j < phases; j++) {
    const frac = j / phases;
    let sum = 0;
    for (let t = 0; t < taps; t++) {
      const tau = frac - (t - half + 1); // t_n − k with k = floor(t_n) + (t − half + 1)
      const u = tau / width;
      if (Math.abs(u) >= 1) continue;
      const arg = 2 * fc * tau;
      const sinc = arg === 0 ? 1 : Math.sin(Math.PI * arg) / (Math.PI * arg);
      const value = 2 * fc * sinc * (besselI0(beta * Math.sqrt(1 - u * u)) / i0Beta);
      coefficients[j * taps + t] = value;
      sum += value;
    }
    for (let t = 0; t < taps; t++) coefficients[j * taps + t] = (coefficients[j * taps + t] ?? 0) / sum;
  }
  return { coefficients, phases, taps, half };
}

/** Resamples `samples` from `fromRate` to `toRate` Hz (integers). Returns the input itself if equal. */
export function resample(
  samples: Float32Array,
  fromRate: number,
  toRate: number = RESAMPLE_DEFAULTS.targetRate,
  options: ResampleOptions = {},
): Float32Array {
  if (!Number.isInteger(fromRate) || !Number.isInteger(toRate) || fromRate <= 0 || toRate <= 0) {
    throw new RangeError(`sample rates must be positive integers, got ${fromRate} -> ${toRate}`);
  }
  if (fromRate === toRate) return samples;
  const { zeroCrossings, kaiserBeta, rolloff, maxPhases } = { ...RESAMPLE_DEFAULTS, ...options };
  const g = gcd(fromRate, toRate);
  const up = toRate / g; // L
  const down = fromRate / g; // M
  const phases = Math.min(up, maxPhases);
  const fc = 0.5 * rolloff * Math.min(1, toRate / fromRate);
  const { coefficients, taps, half } = buildTable(fc, phases, zeroCrossings, kaiserBeta);

  const n = samples.length;
  const outLength = Math.round((n * toRate) / fromRate);
  const out = new Float32Array(outLength);
  for (let i = 0; i < outLength; i++) {
    // (1) exactly in integers: t_i = i·M/L = base + rem/L.
    const num = i * down;
    let base = Math.floor(num / up);
    let phase = num - base * up;
    if (phases !== up) {
      phase = Math.round((phase * phases) / up);
      if (phase === phases) {
        phase = 0;
        base += 1;
      }
    }
    const first = base - half + 1; // input index of tap 0
    const row = phase * taps;
    const tStart = first < 0 ? -first : 0;
    const tEnd = first + taps > n ? n - first : taps;
    let acc = 0;
    for (let t = tStart; t < tEnd; t++)
      acc += (samples[first + t] as number) * (coefficients[row + t] as number);
    out[i] = acc;
  }
  return out;
}
