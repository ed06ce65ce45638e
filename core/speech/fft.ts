/**
 * A small in-place radix-2 FFT (iterative Cooley-Tukey, decimation in time) with precomputed
 * twiddles and bit-reversal, plus a power spectrum of real frames.
 *
 *   X[k] = Σ_{n=0}^{N-1} x[n] · e^{−2πi·kn/N},   N a power of two.
 *
 * One `Fft` per size; `transform` allocates nothing, so it is cheap to call per analysis frame.
 */

export class Fft {
  readonly size: number;
  private readonly cos: Float64Array;
  private readonly sin: Float64Array;
  private readonly reversed: Uint32Array;

  constructor(size: number) {
    if (!Number.isInteger(size) || size < 2 || (size & (size - 1)) !== 0) {
      throw new RangeError(`FFT size must be a power of two >= 2, got ${size}`);
    }
    this.size = size;
    this.cos = new Float64Array(size / 2);
    this.sin = new Float64Array(size / 2);
    for (let k = 0; k < size / 2; k++) {
      this.cos[k] = Math.cos((2 * Math.PI * k) / size);
      this.sin[k] = -Math.sin((2 * Math.PI * k) / size);
    }
    const bits = Math.log2(size);
    this.reversed = new Uint32Array(size);
    for (let i = 0; i < size; i++) {
      let r = 0;
      for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
      this.reversed[i] = r;
    }
  }

  /** Forward transform of (re, im) in place; both of length `size`. */
  transform(re: Float64Array, im: Float64Array): void {
    const n = this.size;
    if (re.length !== n || im.length !== n)
      throw new RangeError(`FFT of size ${n} got ${re.length}/${im.length}`);
    const rev = this.reversed;
    for (let i = 0; i < n; i++) {
      const j = rev[i] as number;
      if (j > i) {
        const tr = re[i] as number;
        re[i] = re[j] as number;
        re[j] = tr;
        const ti = im[i] as number;
        im[i] = im[j] as number;
        im[j] = ti;
      }
    }
    // Stage len = 2: the twiddle is 1.
    for (let a = 0; a < n; a += 2) {
      const ar = re[a] as number;
      const ai = im[a] as number;
      const br = re[a + 1] as number;
      const bi = im[a + 1] as number;
      re[a] = ar + br;
      im[a] = ai + bi;
      re[a + 1] = ar - br;
      im[a + 1] = ai - bi;
    }
    // Remaining stages two at a time (radix-2²): spans h and 2h in one pass over memory.
    let h = 2;
    for (; 4 * h <= n; h *= 4) this.stagePair(re, im, h);
    if (2 * h <= n) this.stage(re, im, h);
  }

  /** One radix-2 stage: butterflies of span h, twiddles W_{2h}^k. */
  private stage(re: Float64Array, im: Float64Array, h: number): void {
    const n = this.size;
    const step = n / (2 * h);
    for (let k = 0; k < h; k++) {
      const wr = this.cos[k * step] as number;
      const wi = this.sin[k * step] as number;
      for (let a = k; a < n; a += 2 * h) {
        const b = a + h;
        const tr = (re[b] as number) * wr - (im[b] as number) * wi;
        const ti = (re[b] as number) * wi + (im[b] as number) * wr;
        const ar = re[a] as number;
        const ai = im[a] as number;
        re[b] = ar - tr;
        im[b] = ai - ti;
        re[a] = ar + tr;
        im[a] = ai + ti;
      }
    }
  }

  /**
   * Two radix-2 stages (spans h, then 2h) fused. For p = base + k, points x₀..x₃ at p, p+h, p+2h,
   * p+3h; w₁ = W_{2h}^k, w₂ = W_{4h}^k, and W_{4h}^{k+h} = −i·w₂:
   *   x₀' = x₀ + w₁x₁,  x₁' = x₀ − w₁x₁,  x₂' = x₂ + w₁x₃,  x₃' = x₂ − w₁x₃
   *   y₀ = x₀' + w₂x₂', y₂ = x₀' − w₂x₂', y₁ = x₁' − i·w₂x₃', y₃ = x₁' + i·w₂x₃'
   */
  private stagePair(re: Float64Array, im: Float64Array, h: number): void {
    const n = this.size;
    const step1 = n / (2 * h);
    const step2 = n / (4 * h);
    for (let k = 0; k < h; k++) {
      const w1r = this.cos[k * step1] as number;
      const w1i = this.sin[k * step1] as number;
      const w2r = this.cos[k * step2] as number;
      const w2i = this.sin[k * step2] as number;
      for (let p0 = k; p0 < n; p0 += 4 * h) {
        const p1 = p0 + h;
        const p2 = p1 + h;
        const p3 = p2 + h;
        const x1r = re[p1] as number;
        const x1i = im[p1] as number;
        const x3r = re[p3] as number;
        const x3i = im[p3] as number;
        const t1r = x1r * w1r - x1i * w1i;
        const t1i = x1r * w1i + x1i * w1r;
        const t3r = x3r * w1r - x3i * w1i;
        const t3i = x3r * w1i + x3i * w1r;
        const x0r = re[p0] as number;
        const x0i = im[p0] as number;
        const x2r = re[p2] as number;
        const x2i = im[p2] as number;
        const a0r = x0r + t1r;
        const a0i = x0i + t1i;
        const a1r = x0r - t1r;
        const a1i = x0i - t1i;
        const a2r = x2r + t3r;
        const a2i = x2i + t3i;
        const a3r = x2r - t3r;
        const a3i = x2i - t3i;
        const vr = a2r * w2r - a2i * w2i;
        const vi = a2r * w2i + a2i * w2r;
        // z = −i · w₂ · a₃ : (zr, zi) = (Im(w₂a₃), −Re(w₂a₃))
        const ur = a3r * w2r - a3i * w2i;
        const ui = a3r * w2i + a3i * w2r;
        const zr = ui;
        const zi = -ur;
        re[p0] = a0r + vr;
        im[p0] = a0i + vi;
        re[p2] = a0r - vr;
        im[p2] = a0i - vi;
        re[p1] = a1r + zr;
        im[p1] = a1i + zi;
        re[p3] = a1r - zr;
        im[p3] = a1i - zi;
      }
    }
  }
}

/**
 * Power spectrum of real frames through a complex FFT of half the size (the usual packing):
 *
 *   z[n] = x[2n] + i·x[2n+1]  (n < N/2),   Z = FFT_{N/2}(z)
 *   E[k] = (Z[k] + Z*[N/2−k]) / 2,   O[k] = (Z[k] − Z*[N/2−k]) / 2i      (even / odd samples)
 *   X[k] = E[k] + e^{−2πik/N} · O[k],   k = 0..N/2   (Z[N/2] ≡ Z[0])
 *
 * About twice as fast as a complex FFT of size N. Not re-entrant (it owns scratch buffers).
 */
export class RealFft {
  readonly size: number;
  private readonly half: Fft;
  private readonly re: Float64Array;
  private readonly im: Float64Array;
  private readonly cos: Float64Array;
  private readonly sin: Float64Array;

  constructor(size: number) {
    if (!Number.isInteger(size) || size < 4 || (size & (size - 1)) !== 0) {
      throw new RangeError(`real FFT size must be a power of two >= 4, got ${size}`);
    }
    this.size = size;
    this.half = new Fft(size / 2);
    this.re = new Float64Array(size / 2);
    this.im = new Float64Array(size / 2);
    this.cos = new Float64Array(size / 2 + 1);
    this.sin = new Float64Array(size / 2 + 1);
    for (let k = 0; k <= size / 2; k++) {
      this.cos[k] = Math.cos((2 * Math.PI * k) / size);
      this.sin[k] = -Math.sin((2 * Math.PI * k) / size);
    }
  }

  /**
   * |X[k]|² for k = 0..N/2 of the real `frame` (length N) into `out` (length N/2 + 1); bins above
   * `maxBin` are left untouched (not computed), for callers that need only the low bins.
   */
  powerSpectrum(frame: ArrayLike<number>, out: Float64Array, maxBin = this.size / 2): Float64Array {
    const m = this.size / 2;
    const re = this.re;
    const im = this.im;
    for (let n = 0; n < m; n++) {
      re[n] = frame[2 * n] as number;
      im[n] = frame[2 * n + 1] as number;
    }
    this.half.transform(re, im);
    // k = 0 and k = N/2 from Z[0] alone: X[0] = Re Z[0] + Im Z[0], X[N/2] = Re Z[0] − Im Z[0].
    const z0r = re[0] as number;
    const z0i = im[0] as number;
    out[0] = (z0r + z0i) * (z0r + z0i);
    out[m] = (z0r - z0i) * (z0r - z0i);
    const cos = this.cos;
    const sin = this.sin;
    const last = Math.min(m - 1, maxBin);
    for (let k = 1; k <= last; k++) {
      const zr = re[k] as number;
      const zi = im[k] as number;
      const cr = re[m - k] as number;
      const ci = -(im[m - k] as number); // conj(Z[N/2 − k])
      const er = 0.5 * (zr + cr);
      const ei = 0.5 * (zi + ci);
      // (Z − conj) / 2i = (dr + i·di) / 2i = (di − i·dr) / 2
      const or = 0.5 * (zi - ci);
      const oi = -0.5 * (zr - cr);
      const wr = cos[k] as number;
      const wi = sin[k] as number;
      const xr = er + wr * or - wi * oi;
      const xi = ei + wr * oi + wi * or;
      out[k] = xr * xr + xi * xi;
    }
    return out;
  }
}
