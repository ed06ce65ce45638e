/**
 * A tiny denoiser network with fixed seeded-random weights: structurally unlike the prior (no DFT;
 * an MLP with a temporal convolution), honouring the same contract, so tests prove any model of
 * the contract runs, batched or not.
 *
 * Preconditioning as in k-diffusion / EDM (Karras et al. 2022, Table 1), sigma_d the data std:
 *   c_skip = sigma_d^2 / (sigma^2 + sigma_d^2)       c_out   = sigma sigma_d / sqrt(sigma^2 + sigma_d^2)
 *   c_in   = 1 / sqrt(sigma^2 + sigma_d^2)           c_noise = ln(max(sigma, sigma_min)) / 4
 *   h0 = [c_in x, cond, c_noise]                     [B,T,D+C+1]
 *   h1 = tanh(h0 W1 + b1)                            [B,T,H]   per frame
 *   h2 = h1 + tanh(DepthwiseConv_T(h1))              [B,T,H]   kernel K over time, same padding
 *   F  = h2 W3 + b3                                  [B,T,D]
 *   x0 = c_skip x + c_out F
 */
import { attr, GraphBuilder } from './graph-builder.js';
import { ONNX_TARGET } from './motion-prior-graph.js';
import { seededRandom } from './seeded-random.js';

export const TINY_NET_DEFAULTS = {
  /** @default 32 */
  hidden: 32,
  /** Temporal kernel width (odd). @default 5 */
  kernel: 5,
  /** @default 20240607 */
  seed: 20240607,
  /** sigma_d of the preconditioning. @default 0.1 */
  sigmaData: 0.1,
  /** Floor of sigma inside c_noise, so sigma = 0 stays finite. @default 0.002 */
  sigmaMin: 0.002,
} as const;

export interface TinyNetShape {
  readonly channels: number;
  readonly conditionChannels: number;
}

export function buildTinyNetGraph(shape: TinyNetShape, options = TINY_NET_DEFAULTS): Uint8Array {
  const { channels: D, conditionChannels: C } = shape;
  const { hidden: H, kernel: K, sigmaData, sigmaMin } = options;
  const rng = seededRandom(options.seed);
  const weights = (fanIn: number, count: number): number[] =>
    Array.from({ length: count }, () => rng.normal() / Math.sqrt(fanIn));
  const F0 = D + C + 1;
  const g = new GraphBuilder('tiny_net');

  const x = g.input('x', ['B', 'T', D]);
  const sigma = g.input('sigma', ['B']);
  const cond = g.input('cond', ['B', 'T', C]);

  const W1 = g.float('W1', weights(F0, F0 * H), [F0, H]);
  const b1 = g.float('b1', weights(F0, H), [H]);
  const Wc = g.float('Wconv', weights(K, H * K), [H, 1, K]);
  const bc = g.float('bconv', weights(K, H), [H]);
  // Output layer scaled down so F stays near the data scale.
  const W3 = g.float(
    'W3',
    weights(H, H * D).map((v) => 0.5 * v),
    [H, D],
  );
  const b3 = g.float(
    'b3',
    weights(H, D).map((v) => 0.1 * v),
    [D],
  );
  const sd = g.float('sigma_d', [sigmaData], []);
  const sd2 = g.float('sigma_d2', [sigmaData * sigmaData], []);
  const sMin = g.float('sigma_min', [sigmaMin], []);
  const quarter = g.float('quarter', [0.25], []);
  const perBatch = g.int64('shape_b11', [-1, 1, 1], [3]);
  const start0 = g.int64('start_0', [0], [1]);
  const end2 = g.int64('end_2', [2], [1]);
  const one1 = g.int64('one_1', [1], [1]);

  // Preconditioning, each [B,1,1]
  const s = g.node('Reshape', [sigma, perBatch], {}, 'sigma_b11');
  const total = g.node('Add', [g.node('Mul', [s, s]), sd2], {}, 'sigma2_plus_sd2');
  const root = g.node('Sqrt', [total]);
  const cIn = g.node('Reciprocal', [root], {}, 'c_in');
  const cSkip = g.node('Div', [sd2, total], {}, 'c_skip');
  const cOut = g.node('Div', [g.node('Mul', [s, sd]), root], {}, 'c_out');
  const cNoise = g.node('Mul', [g.node('Log', [g.node('Max', [s, sMin])]), quarter], {}, 'c_noise');
  const bt1 = g.node('Concat', [g.node('Slice', [g.node('Shape', [x]), start0, end2]), one1], {
    axis: attr.int(0),
  });
  const noiseFeature = g.node('Expand', [cNoise, bt1], {}, 'c_noise_bt1');

  // h0 -> h1 -> h2 -> F
  const h0 = g.node('Concat', [g.node('Mul', [x, cIn]), cond, noiseFeature], { axis: attr.int(2) }, 'h0');
  const h1 = g.node('Tanh', [g.node('Add', [g.node('MatMul', [h0, W1]), b1])], {}, 'h1');
  const h1t = g.node('Transpose', [h1], { perm: attr.ints([0, 2, 1]) }); // [B,H,T]
  const conv = g.node(
    'Conv',
    [h1t, Wc, bc],
    { group: attr.int(H), kernel_shape: attr.ints([K]), pads: attr.ints([(K - 1) / 2, (K - 1) / 2]) },
    'temporal_conv',
  );
  const mixed = g.node('Transpose', [g.node('Tanh', [conv])], { perm: attr.ints([0, 2, 1]) });
  const h2 = g.node('Add', [h1, mixed], {}, 'h2');
  const F = g.node('Add', [g.node('MatMul', [h2, W3]), b3], {}, 'F');
  g.node('Add', [g.node('Mul', [x, cSkip]), g.node('Mul', [F, cOut])], {}, 'x0');
  g.output('x0', ['B', 'T', D]);

  return g.toBytes({ ...ONNX_TARGET, docString: 'think-before-draw test network (seeded random weights).' });
}
