/**
 * The motion prior's exact denoiser as an ONNX graph (opset 20), for any batch B and length T.
 * Maths and notation: core/motion/prior/motion-prior-params.ts and reference-denoise.ts.
 *
 * Row-vector convention per frame (x_t is a row, so A^T x_t is x_t A). D is padded to an even
 * D' = 2P with a latent that is never loaded (a zero column of A), so latents travel in pairs:
 *   1. mu = b + cond W                                   [B,T,D]
 *   2. y  = (x - mu) A'                                  [B,T,D']   latent coordinates
 *   3. T from Shape(x), M = the least power of two >= T (circular-convolution-graph.ts)
 *   4. eq. (5)'s gain in closed form (wiener-filter-graph.ts (W1)-(W3)): per batch item and latent
 *      the pole r and scales [B,1,D'], and the length-M spectrum H_M    [B,M,D'] -> [B,M,P,2]
 *   5. z  = IDFT_T(G DFT_T(y)) = IDFT_M(H_M DFT_M(y))[0..T-1] + kappa e           (W3)
 *      the first term by two radix-2 DFTs over complex latent pairs [B,T,P,2]
 *      (circular-convolution-graph.ts), the edge term by two CumSums (W4)      [B,T,D']
 *   6. x0 = mu + z A'^T                                  [B,T,D]
 * Why not DFTs of length T: onnxruntime's CPU DFT is a radix-2 FFT for power-of-two lengths only,
 * an O(n^2) sum otherwise, whose float32 angles (k t 2 pi / n, with pi taken as 3.14159265) also
 * lose precision as n grows. Here only power-of-two transforms run, so the graph stays float32
 * (the per-latent scalars of step 4 excepted, float64) and agrees with the float64 TypeScript
 * reference to < 1e-6 (checked for T from 1 to 2049, powers of two and their neighbours included,
 * and sigma from 0 to 1e5); the former float64 length-T DFTs reached 6e-6.
 */
import type { MotionPriorParams } from '../../../../core/motion/prior/index.js';
import { circularConvolvePairs, convolutionLengths } from './circular-convolution-graph.js';
import { attr, GraphBuilder } from './graph-builder.js';
import { wienerEdgeTerm, wienerFilter, wienerSpectrum } from './wiener-filter-graph.js';

export const ONNX_TARGET = {
  /**
   * Opset of the default domain; 20 is the first with `DFT` taking the axis as an input.
   * @default 20
   */
  opset: 20,
  /**
   * ONNX IR version (onnxruntime 1.30 reads up to 11).
   * @default 10
   */
  irVersion: 10,
} as const;

/**
 * The padding latent of an odd D: any finite spectrum works (its signal y is 0, its A' column 0);
 * s^2 = 1 and rho = 0.5 keep every filter term finite for every sigma.
 */
const PADDING_LATENT = { s2: 1, rho: 0.5 } as const;

export function buildMotionPriorGraph(params: MotionPriorParams): Uint8Array {
  const D = params.channels.length;
  const C = params.conditionChannels.length;
  const P = Math.ceil(D / 2);
  const Dp = 2 * P;
  const g = new GraphBuilder('motion_prior');

  const x = g.input('x', ['B', 'T', D]);
  const sigma = g.input('sigma', ['B']);
  const cond = g.input('cond', ['B', 'T', C]);

  const W = g.float('W', params.W, [C, D]);
  const b = g.float('b', params.b, [D]);
  // A' [D,D'] = A with zero columns appended; A'^T [D',D].
  const Ap = (i: number, k: number): number => (k < D ? params.A[i * D + k]! : 0);
  const A = g.float(
    'A_padded',
    Array.from({ length: D * Dp }, (_, n) => Ap(Math.floor(n / Dp), n % Dp)),
    [D, Dp],
  );
  const At = g.float(
    'A_padded_T',
    Array.from({ length: Dp * D }, (_, n) => Ap(n % D, Math.floor(n / D))),
    [Dp, D],
  );
  const latents = {
    s2: Array.from({ length: Dp }, (_, k) => (k < D ? params.s[k]! ** 2 : PADDING_LATENT.s2)),
    rho: Array.from({ length: Dp }, (_, k) => (k < D ? params.rho[k]! : PADDING_LATENT.rho)),
  };
  const one = g.int64('i64_1', [1], []);
  const pairShape = g.int64('shape_pairs', [0, 0, P, 2], [4]);
  const flatShape = g.int64('shape_latents', [0, 0, Dp], [3]);

  // 1. mu = b + cond W
  const mu = g.node('Add', [g.node('MatMul', [cond, W]), b], {}, 'mu');
  // 2. y = (x - mu) A', as latent pairs
  const y = g.node('MatMul', [g.node('Sub', [x, mu], {}, 'residual'), A], {}, 'latent');
  const yPairs = g.node('Reshape', [y, pairShape], {}, 'latent_pairs');
  // 3. lengths
  const T = g.node('Gather', [g.node('Shape', [x]), one], { axis: attr.int(0) }, 'T');
  const lengths = convolutionLengths(g, T);
  // 4. the Wiener filter at length M: per-latent scalars, the spectrum H_M as latent pairs
  const filter = wienerFilter(g, latents, sigma, lengths);
  const H = g.node('Reshape', [wienerSpectrum(g, filter, lengths), pairShape], {}, 'H_pairs');
  // 5. z = IDFT_T(G DFT_T(y)) = IDFT_M(H_M DFT_M(y))[0..T-1] + kappa e
  const zPairs = circularConvolvePairs(g, yPairs, H, lengths);
  const zPeriodic = g.node('Reshape', [zPairs, flatShape], {}, 'z_periodic');
  const z = g.node('Add', [zPeriodic, wienerEdgeTerm(g, filter, y, lengths)], {}, 'z');
  // 6. x0 = mu + z A'^T
  g.node('Add', [g.node('MatMul', [z, At]), mu], {}, 'x0');
  g.output('x0', ['B', 'T', D]);

  return g.toBytes({
    ...ONNX_TARGET,
    docString: 'Exact (Wiener) denoiser of the analytic Gaussian motion prior of think-before-draw.',
    metadata: { fps: String(params.fps) },
  });
}
