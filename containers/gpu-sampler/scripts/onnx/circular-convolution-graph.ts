/**
 * Filtering real signals over time, each by its own real, even spectrum, with power-of-two DFTs
 * only: onnxruntime's CPU `DFT` runs a radix-2 FFT when the length is a power of two and an O(n^2)
 * sum otherwise (whose float32 angles grow as n^2), so a length-T transform for T = 250 or 1500 is
 * slow and, in float32, imprecise. wiener-filter-graph.ts (W3) recasts the length-T Wiener filter
 * as a length-M one for the least power of two M >= T; this file runs
 *   z = IDFT_M( H_M DFT_M(y) )[0..T-1],   y zero-padded from T to M,   H_M real and even      (C1)
 * Notation: y[m] a real signal (m = 0..T-1), Y = DFT_M(y), * the complex conjugate.
 *
 * Two real signals per complex transform. Signals a and b travel as y_a + i y_b (the last axis of a
 * [.., 2] tensor is (re, im), so channel pairs are a plain reshape). With Y_a, Y_b Hermitian,
 *   Z[j] = DFT_M(y_a + i y_b)[j] = Y_a + i Y_b,      Z[-j]* = Y_a - i Y_b,
 *   H_a Y_a + i H_b Y_b = H_s Z[j] + H_d Z[-j]*,    H_s = (H_a + H_b) / 2, H_d = (H_a - H_b) / 2  (C2)
 * and its IDFT is z_a + i z_b, both real (H_a Y_a and H_b Y_b are Hermitian).
 * Cost: 2 radix-2 transforms of length M < 2T over B P complex signals (P channel pairs), against
 * 2 O(T^2) transforms of length T over 2 B P real ones.
 */
import { attr, ELEM, type GraphBuilder } from './graph-builder.js';

/** Lengths and index vectors, computed from T in-graph. */
export interface ConvolutionLengths {
  /** T, int64 scalar. */
  readonly frames: string;
  /** M = the least power of two >= T, int64 scalar. */
  readonly fftLength: string;
  /** (M - j) mod M for j = 0..M-1, int64 [M]: the bin of frequency -j. */
  readonly flipIndex: string;
  /** |j| = min(j, M - j) for j = 0..M-1, int64 [M]: an even spectrum's bins, folded. */
  readonly foldedBins: string;
}

/** Powers of two up to 2^30: M is read off this table, exactly, in integers. */
const POWERS_OF_TWO = Array.from({ length: 31 }, (_, k) => 2 ** k);

/** Value names are prefixed `conv_`. `frames` is T as an int64 scalar. */
export function convolutionLengths(g: GraphBuilder, frames: string): ConvolutionLengths {
  const zero = g.int64('conv_i64_0', [0], []);
  const one = g.int64('conv_i64_1', [1], []);
  const powers = g.int64('conv_powers_of_two', POWERS_OF_TWO, [POWERS_OF_TWO.length]);
  // M = powers[#{powers < T}]
  const below = g.node('Cast', [g.node('Less', [powers, frames])], { to: attr.int(ELEM.int64) });
  const log2M = g.node('ReduceSum', [below], { keepdims: attr.int(0) }, 'conv_log2_M');
  const M = g.node('Gather', [powers, log2M], { axis: attr.int(0) }, 'conv_M');
  const bins = g.node('Range', [zero, M, one], {}, 'conv_bins');
  const flipIndex = g.node('Mod', [g.node('Sub', [M, bins]), M], { fmod: attr.int(0) }, 'conv_flip_index');
  const foldedBins = g.node('Min', [bins, flipIndex], {}, 'conv_folded_bins');
  return { frames, fftLength: M, flipIndex, foldedBins };
}

/**
 * (C1) with the pair packing (C2).
 * @param y signals as complex pairs, float [B,T,P,2] (channel 2p in re, 2p + 1 in im).
 * @param spectra H_M of each signal in the same pair layout, (H_a, H_b), float [B,M,P,2].
 * @returns z in the pair layout, float [B,T,P,2].
 */
export function circularConvolvePairs(
  g: GraphBuilder,
  y: string,
  spectra: string,
  lengths: ConvolutionLengths,
): string {
  const timeAxis = g.int64('conv_time_axis', [1], []);
  const at0 = g.int64('conv_at_0', [0], [1]);
  const at1 = g.int64('conv_at_1', [1], [1]);
  // (H_a, H_b) -> (H_s, H_s) and (H_d, -H_d): tiny MatMuls over the last axis (an elementwise op
  // broadcasting over a last axis of 1 or 2 runs ~15x slower in onnxruntime).
  const takeSum = g.float('conv_take_sum', [0.5, 0.5, 0.5, 0.5], [2, 2]);
  const takeDiffConj = g.float('conv_take_diff_conj', [0.5, -0.5, -0.5, 0.5], [2, 2]);
  const { fftLength: M, flipIndex, frames: T } = lengths;

  const Hs = g.node('MatMul', [spectra, takeSum], {}, 'conv_H_s');
  const Hd = g.node('MatMul', [spectra, takeDiffConj], {}, 'conv_H_d_conj');
  // Z = DFT_M(y_a + i y_b) (zero-padded by dft_length), and Z[-j]                        [B,M,P,2]
  const Z = g.node('DFT', [y, M, timeAxis], { inverse: attr.int(0) }, 'conv_Z');
  const Zflip = g.node('Gather', [Z, flipIndex], { axis: attr.int(1) }, 'conv_Z_flip');
  // H_s Z[j] + H_d Z[-j]*, back to time, first T frames: z_a + i z_b                    [B,T,P,2]
  const product = g.node('Add', [g.node('Mul', [Z, Hs]), g.node('Mul', [Zflip, Hd])], {}, 'conv_product');
  const z = g.node('DFT', [product, '', timeAxis], { inverse: attr.int(1) }, 'conv_z_M');
  const endT = g.node('Unsqueeze', [T, at0], {}, 'conv_T_1d');
  return g.node('Slice', [z, at0, endT, at1], {}, 'conv_z');
}
