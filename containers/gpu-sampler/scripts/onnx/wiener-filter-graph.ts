/**
 * The Wiener filter of every latent, eq. (4)'s y -> IDFT_T(G DFT_T(y)), recast for power-of-two
 * transforms, in closed form, built in-graph for the actual T and sigma.
 * Notation: core/motion/prior/motion-prior-params.ts and reference-denoise.ts; per latent (s, rho;
 * the index k dropped) and batch item (sigma); y[m] one latent signal, m = 0..T-1.
 *
 * (W1) The gain is AR(1)-shaped. With eq. (3) written as S(f) = c / (1 + rho^2 - 2 rho cos 2 pi f),
 *      c = s^2 (1 - rho^2) (1 - rho^T) / (1 + rho^T) (mean_j P(j / T) = (1 + rho^T) / (1 - rho^T)),
 *        G(f) = S / (S + sigma^2) = g (1 - r^2) / (1 + r^2 - 2 r cos 2 pi f),
 *        r = 2 sigma^2 rho / den,   g = 2 c / (den (1 - r^2)),
 *        den = c + sigma^2 (1 + rho^2) + sqrt(c + sigma^2 (1 - rho)^2) sqrt(c + sigma^2 (1 + rho)^2)
 *      (r is the root in [0, rho] of r + 1/r = (c + sigma^2 (1 + rho^2)) / (sigma^2 rho), written
 *      with no 0/0 at sigma = 0, where r = 0 and g = 1; r <= rho < 1 for every sigma).
 * (W2) Its kernel. The IDFT over the T frequencies j / T of an AR(1) shape is the periodised
 *      autocorrelation (Poisson summation, exact): h[n] = g' (r^n + r^(T-n)), g' = g / (1 - r^T), so
 *        z[n] = IDFT_T(G DFT_T(y))[n] = g' sum_{m<T} (r^|n-m| + r^(T-|n-m|)) y[m],   n = 0..T-1.
 * (W3) The same filter at a power-of-two length M >= T. The M-periodic autocorrelation
 *      a[l] = (r^l + r^(M-l)) / (1 - r^M), l = 0..M-1, has DFT_M exactly A(theta) = (1 - r^2) / E(theta),
 *      E(theta) = 1 + r^2 - 2 r cos theta, theta = 2 pi j / M. For n, m < T and d = n - m,
 *      a[d mod M] = (r^|d| + r^(M-|d|)) / (1 - r^M) and r^(M-|d|) = r^(M-T) r^(T-|d|), so (W2) is
 *        z = IDFT_M(H_M DFT_M(y))[0..T-1] + kappa e         (y zero-padded from T to M)
 *        H_M = g' (1 - r^M) A,   kappa = g' (1 - r^(M-T)),   e[n] = sum_{m<T} r^(T-|n-m|) y[m]
 *      For a power-of-two T, M = T and kappa = 0: the plain Wiener filter.
 * (W4) The edge term e as two one-sided sums whose weights never exceed 1:
 *        e[n] = r^(T-n) sum_{m<=n} r^m y[m] + r^n sum_{m>n} r^(T-m) y[m]       (two CumSums)
 * Precision: the per-latent scalars run in float64, the rest in float32.
 * - E(theta) is evaluated as (1 - r)^2 + 4 r sin^2(theta / 2), a sum of non-negative terms
 *   (1 + r^2 - 2 r cos theta cancels near theta = 0 when r is near 1: E ~ 1e-3 for the head).
 * - The edge sums are geometric: each CumSum errs by about eps max|y| / (1 - r), and
 *   1 - r >= 1 - rho (0.03 for the default prior's slowest latent).
 *   The weights r^t are floored at e^-40 ~ 4e-18, so a term errs by < 4e-18 |y| and no product
 *   falls into float32's subnormals (slow on x86); r is floored at 1e-300 so ln r stays finite at
 *   sigma = 0, where the true weights are 0 for t >= 1.
 */
import { attr, ELEM, type GraphBuilder } from './graph-builder.js';

export const WIENER_GRAPH = {
  /** Floor of ln r^t in the edge weights: e^-40 ~ 4e-18. @default -40 */
  minLogWeight: -40,
  /** Floor of r inside ln r (sigma = 0 gives r = 0). @default 1e-300 */
  minPole: 1e-300,
} as const;

/** The latents' prior parameters, one entry per latent (padding latents included). */
export interface LatentSpectra {
  /** s_k^2 */
  readonly s2: readonly number[];
  /** rho_k in (0, 1) */
  readonly rho: readonly number[];
}

export interface FilterLengths {
  /** T, int64 scalar. */
  readonly frames: string;
  /** M, a power of two >= T, int64 scalar. */
  readonly fftLength: string;
  /** |j| = min(j, M - j) for the bins j = 0..M-1, int64 [M]. */
  readonly foldedBins: string;
}

/** Per batch item and latent, [B,1,K] (K latents): what (W3) and (W4) need. */
export interface WienerFilter {
  /** g' (1 - r^M) (1 - r^2), float. */
  readonly spectrumScale: string;
  /** E's coefficients [(1 - r)^2, r], float [B,2,K]. */
  readonly poleTerms: string;
  /** kappa = g' (1 - r^(M-T)), float. */
  readonly edgeScale: string;
  /** ln max(r, minPole), float. */
  readonly logPole: string;
}

const f64 = { to: attr.int(ELEM.double) };
const f32 = { to: attr.int(ELEM.float) };

/** (W1)-(W3)'s per-latent scalars. Value names are prefixed `wiener_`. */
export function wienerFilter(
  g: GraphBuilder,
  latents: LatentSpectra,
  sigmaInput: string,
  lengths: FilterLengths,
): WienerFilter {
  const { rho, s2 } = latents;
  const K = rho.length;
  const vec = (name: string, f: (r: number, i: number) => number) =>
    g.double(`wiener_${name}`, rho.map(f), [K]);
  const rhoV = vec('rho', (r) => r);
  const twoRho = vec('two_rho', (r) => 2 * r);
  const s2OneMinusRho2 = vec('s2_one_minus_rho2', (r, i) => s2[i]! * (1 - r * r));
  const onePlusRho2 = vec('one_plus_rho2', (r) => 1 + r * r);
  const oneMinusRhoSq = vec('one_minus_rho_sq', (r) => (1 - r) ** 2);
  const onePlusRhoSq = vec('one_plus_rho_sq', (r) => (1 + r) ** 2);
  const one = g.double('wiener_one', [1], []);
  const two = g.double('wiener_two', [2], []);
  const minPole = g.double('wiener_min_pole', [WIENER_GRAPH.minPole], []);
  const perBatch = g.int64('wiener_shape_b11', [-1, 1, 1], [3]);
  const add = (a: string, b: string) => g.node('Add', [a, b]);
  const mul = (a: string, b: string) => g.node('Mul', [a, b]);
  const sub = (a: string, b: string) => g.node('Sub', [a, b]);
  const pow = (a: string, b: string, name: string) => g.node('Pow', [a, b], {}, name);

  const T = g.node('Cast', [lengths.frames], f64, 'wiener_T');
  const M = g.node('Cast', [lengths.fftLength], f64, 'wiener_M');
  const sigma = g.node('Reshape', [g.node('Cast', [sigmaInput], f64), perBatch], {}, 'wiener_sigma');
  const sigma2 = g.node('Mul', [sigma, sigma], {}, 'wiener_sigma2');
  // c = s^2 (1 - rho^2) (1 - rho^T) / (1 + rho^T)                                          [K]
  const rhoT = pow(rhoV, T, 'wiener_rho_T');
  const c = g.node('Div', [mul(s2OneMinusRho2, sub(one, rhoT)), add(one, rhoT)], {}, 'wiener_c');
  // (W1): den, r, g                                                                        [B,1,K]
  const term = (coef: string) => add(c, mul(sigma2, coef));
  const root = mul(g.node('Sqrt', [term(oneMinusRhoSq)]), g.node('Sqrt', [term(onePlusRhoSq)]));
  const den = g.node('Add', [term(onePlusRho2), root], {}, 'wiener_den');
  const r = g.node('Div', [mul(sigma2, twoRho), den], {}, 'wiener_r');
  const oneMinusR2 = sub(one, mul(r, r));
  const gain = g.node('Div', [mul(two, c), mul(den, oneMinusR2)], {}, 'wiener_g');
  // (W2)-(W3): g', the spectrum's scale and kappa
  const gPrime = g.node('Div', [gain, sub(one, pow(r, T, 'wiener_r_T'))], {}, 'wiener_g_prime');
  const rM = pow(r, M, 'wiener_r_M');
  const spectrumScale = mul(gPrime, mul(sub(one, rM), oneMinusR2));
  const oneMinusR = sub(one, r);
  const poleTerms = g.node('Concat', [mul(oneMinusR, oneMinusR), r], { axis: attr.int(1) });
  return {
    spectrumScale: g.node('Cast', [spectrumScale], f32, 'wiener_spectrum_scale'),
    poleTerms: g.node('Cast', [poleTerms], f32, 'wiener_pole_terms'),
    edgeScale: g.node(
      'Cast',
      [mul(gPrime, sub(one, pow(r, sub(M, T), 'wiener_r_M_minus_T')))],
      f32,
      'wiener_edge_scale',
    ),
    logPole: g.node('Cast', [g.node('Log', [g.node('Max', [r, minPole])])], f32, 'wiener_log_r'),
  };
}

/** H_M of (W3) on the bins j = 0..M-1, theta = 2 pi j / M, float [B,M,K]. */
export function wienerSpectrum(g: GraphBuilder, filter: WienerFilter, lengths: FilterLengths): string {
  const column = g.int64('wiener_shape_column', [-1, 1], [2]);
  const pi = g.float('wiener_pi', [Math.PI], []);
  const four = g.float('wiener_four', [4], []);
  const oneByOne = g.float('wiener_one_1x1', [1], [1, 1]);
  // [1, 4 sin^2(pi |j| / M)], the same bits for j and -j (an exactly even H_M)            [M,2]
  const j = g.node('Reshape', [g.node('Cast', [lengths.foldedBins], f32), column]);
  const sine = g.node('Sin', [
    g.node('Div', [g.node('Mul', [j, pi]), g.node('Cast', [lengths.fftLength], f32)]),
  ]);
  const table = g.node(
    'Concat',
    [g.node('Expand', [oneByOne, g.node('Shape', [j])]), g.node('Mul', [four, g.node('Mul', [sine, sine])])],
    { axis: attr.int(1) },
    'wiener_sine_table',
  );
  // E = (1 - r)^2 + 4 r sin^2(theta / 2),  H_M = g' (1 - r^M) (1 - r^2) / E                [B,M,K]
  const E = g.node('MatMul', [table, filter.poleTerms], {}, 'wiener_E');
  return g.node('Div', [filter.spectrumScale, E], {}, 'wiener_H');
}

/**
 * kappa e of (W3)-(W4), float [B,T,K].
 * @param y the latents, float [B,T,K].
 */
export function wienerEdgeTerm(
  g: GraphBuilder,
  filter: WienerFilter,
  y: string,
  lengths: FilterLengths,
): string {
  const zero = g.int64('wiener_i64_0', [0], []);
  const one = g.int64('wiener_i64_1', [1], []);
  const axes1 = g.int64('wiener_axes_1', [1], [1]);
  const minLog = g.float('wiener_min_log_weight', [WIENER_GRAPH.minLogWeight], []);
  const mul = (a: string, b: string, name?: string) => g.node('Mul', [a, b], {}, name);
  const weight = (power: string, name: string) =>
    g.node('Exp', [g.node('Max', [mul(power, filter.logPole), minLog])], {}, name);
  const cumsum = (v: string, reverse: boolean) =>
    g.node('CumSum', [v, one], reverse ? { exclusive: attr.int(1), reverse: attr.int(1) } : {});
  // r^t and r^(T-t), t = 0..T-1                                                            [B,T,K]
  const t = g.node(
    'Unsqueeze',
    [g.node('Cast', [g.node('Range', [zero, lengths.frames, one])], f32), axes1],
    {},
    'wiener_t',
  );
  const rise = weight(t, 'wiener_r_pow_t');
  const fall = weight(g.node('Sub', [g.node('Cast', [lengths.frames], f32), t]), 'wiener_r_pow_T_minus_t');
  // e = r^(T-n) sum_{m<=n} r^m y[m] + r^n sum_{m>n} r^(T-m) y[m]
  const before = mul(fall, cumsum(mul(rise, y), false), 'wiener_edge_before');
  const after = mul(rise, cumsum(mul(fall, y), true), 'wiener_edge_after');
  return g.node('Mul', [filter.edgeScale, g.node('Add', [before, after])], {}, 'wiener_edge');
}
