/**
 * A complex discrete Fourier transform of any length, in float64: radix-2 Cooley-Tukey for powers
 * of two, Bluestein's chirp-z algorithm (a convolution done with radix-2 transforms) otherwise.
 *
 * Convention (the same as ONNX `DFT` and numpy):
 *   forward  X[k] = sum_t x[t] e^{-i 2 pi k t / n}
 *   inverse  x[t] = (1/n) sum_k X[k] e^{+i 2 pi k t / n}
 *
 * `createDft(n)` precomputes twiddles and the chirp once; a plan is then reused for every channel.
 */

/** A DFT plan for one length; transforms run in place on split real/imaginary arrays. */
export interface DftPlan {
  readonly length: number;
  forward(re: Float64Array, im: Float64Array): void;
  inverse(re: Float64Array, im: Float64Array): void;
}

const isPowerOfTwo = (n: number): boolean => n > 0 && (n & (n - 1)) === 0;

function nextPowerOfTwo(n: number): number {
  let m = 1;
  while (m < n) m *= 2;
  return m;
}

/** Radix-2 plan: bit-reversal permutation, then log2(n) butterfly stages. */
function radix2(n: number) {
  const cos = new Float64Array(n / 2);
  const sin = new Float64Array(n / 2);
  for (let k = 0; k < n / 2; k++) {
    cos[k] = Math.cos((2 * Math.PI * k) / n);
    sin[k] = Math.sin((2 * Math.PI * k) / n);
  }
  const rev = new Uint32Array(n);
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    rev[i] = j;
  }
  /** Unscaled transform with kernel e^{sign * i 2 pi k t / n}. */
  return (re: Float64Array, im: Float64Array, sign: 1 | -1): void => {
    for (let i = 0; i < n; i++) {
      const j = rev[i]!;
      if (i < j) {
        const tr = re[i]!;
        re[i] = re[j]!;
        re[j] = tr;
        const ti = im[i]!;
        im[i] = im[j]!;
        im[j] = ti;
      }
    }
    for (let size = 2; size <= n; size *= 2) {
      const half = size / 2;
      const step = n / size;
      for (let start = 0; start < n; start += size) {
        for (let k = 0; k < half; k++) {
          const wr = cos[k * step]!;
          const wi = sign * sin[k * step]!;
          const a = start + k;
          const b = a + half;
          const br = re[b]! * wr - im[b]! * wi;
          const bi = re[b]! * wi + im[b]! * wr;
          re[b] = re[a]! - br;
          im[b] = im[a]! - bi;
          re[a] = re[a]! + br;
          im[a] = im[a]! + bi;
        }
      }
    }
  };
}

/**
 * Bluestein: with the chirp w[t] = e^{-i pi t^2 / n}, k t = (k^2 + t^2 - (k - t)^2) / 2 gives
 *   X[k] = w[k] * sum_t (x[t] w[t]) conj(w[k - t]),
 * a linear convolution evaluated as a circular one of length m >= 2n - 1 (a power of two).
 */
function bluestein(n: number) {
  const m = nextPowerOfTwo(2 * n - 1);
  const fft = radix2(m);
  const chirpRe = new Float64Array(n);
  const chirpIm = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    // t^2 mod 2n keeps the angle small, so the chirp stays accurate for large n.
    const angle = (Math.PI * ((t * t) % (2 * n))) / n;
    chirpRe[t] = Math.cos(angle);
    chirpIm[t] = -Math.sin(angle);
  }
  // Spectrum of the conjugate chirp, wrapped for negative lags.
  const kernRe = new Float64Array(m);
  const kernIm = new Float64Array(m);
  kernRe[0] = chirpRe[0]!;
  kernIm[0] = -chirpIm[0]!;
  for (let t = 1; t < n; t++) {
    kernRe[t] = kernRe[m - t] = chirpRe[t]!;
    kernIm[t] = kernIm[m - t] = -chirpIm[t]!;
  }
  fft(kernRe, kernIm, -1);
  const aRe = new Float64Array(m);
  const aIm = new Float64Array(m);
  /** Unscaled forward transform (kernel e^{-i...}). */
  return (re: Float64Array, im: Float64Array): void => {
    aRe.fill(0);
    aIm.fill(0);
    for (let t = 0; t < n; t++) {
      aRe[t] = re[t]! * chirpRe[t]! - im[t]! * chirpIm[t]!;
      aIm[t] = re[t]! * chirpIm[t]! + im[t]! * chirpRe[t]!;
    }
    fft(aRe, aIm, -1);
    for (let j = 0; j < m; j++) {
      const r = aRe[j]! * kernRe[j]! - aIm[j]! * kernIm[j]!;
      aIm[j] = aRe[j]! * kernIm[j]! + aIm[j]! * kernRe[j]!;
      aRe[j] = r;
    }
    fft(aRe, aIm, 1);
    for (let k = 0; k < n; k++) {
      const cr = aRe[k]! / m;
      const ci = aIm[k]! / m;
      re[k] = cr * chirpRe[k]! - ci * chirpIm[k]!;
      im[k] = cr * chirpIm[k]! + ci * chirpRe[k]!;
    }
  };
}

/** Build a DFT plan for length `n` (any positive integer). */
export function createDft(n: number): DftPlan {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`DFT length must be a positive integer, got ${n}`);
  const scale = (re: Float64Array, im: Float64Array): void => {
    for (let i = 0; i < n; i++) {
      re[i] = re[i]! / n;
      im[i] = im[i]! / n;
    }
  };
  if (isPowerOfTwo(n)) {
    const fft = radix2(n);
    return {
      length: n,
      forward: (re, im) => fft(re, im, -1),
      inverse: (re, im) => {
        fft(re, im, 1);
        scale(re, im);
      },
    };
  }
  const fft = bluestein(n);
  return {
    length: n,
    forward: fft,
    // inverse(X) = conj(forward(conj(X))) / n
    inverse: (re, im) => {
      for (let i = 0; i < n; i++) im[i] = -im[i]!;
      fft(re, im);
      for (let i = 0; i < n; i++) im[i] = -im[i]!;
      scale(re, im);
    },
  };
}
