/**
 * The analytic Gaussian motion prior: its parameters and how they are built.
 *
 * Notation (per video frame t, row vectors; T frames, D motion channels, C condition channels):
 *   x0_t in R^D      the clean motion of frame t; X0 in R^{T x D} stacks the frames
 *   c_t  in R^C      the condition: `cond:<name>` is the target value of motion channel <name>
 *                    (C = D here); the all-zero condition is the null (unconditional) token
 *   b    in R^D      the rest pose, mu(0) = b
 *   W    in R^{C x D} target gains: identity plus a few documented nudges (AU9 -> AU10, ...)
 *   mu_t = b + c_t W  (1)  the prior mean of frame t
 *   A    in R^{D x D} orthogonal: column k is latent mode k expressed in channels
 *   z    in R^{T x D} latent modes: independent, zero-mean, circular-stationary Gaussian
 *                    processes over time, z_k with power spectrum S_k(f) at f = j / T
 *   x0_t - mu_t = A z_t  (2)   i.e. X0 - M = Z A^T in row form
 *   s_k, rho_k       latent std and AR(1) pole; the spectrum is the AR(1) shape
 *                    P_k(f) = (1 - rho_k^2) / |1 - rho_k e^{-i 2 pi f}|^2
 *                           = (1 - rho_k^2) / (1 + rho_k^2 - 2 rho_k cos 2 pi f)
 *   S_k(f) = s_k^2 P_k(f) / mean_j P_k(j / T)  (3)
 *                    normalised over the T frequencies so var(z_k,t) = mean_j S_k = s_k^2 for
 *                    every T (mean_j P_k = (1 + rho_k^T) / (1 - rho_k^T), the periodic sum)
 *
 * Marginal moments: E[x0_t] = mu_t, Cov(x0_t) = A diag(s^2) A^T = Sigma_0, the same every frame.
 *
 * Construction: the channel std sigma_i (per group), the residual correlation matrix R (identity
 * plus the documented pairs) give Sigma_0 = diag(sigma) R diag(sigma); its Jacobi
 * eigen-decomposition (a product of Givens rotations) gives A (eigenvectors) and s^2
 * (eigenvalues). Each channel has a pole rho_i = exp(-1 / (fps tau_i)); a latent mode takes the
 * loading-weighted mean rho_k = sum_i A_ik^2 rho_i (the squared loadings of a column sum to 1).
 */
import { CHANNEL_COUNT, CHANNEL_NAMES, channelIndex, MOTION_CHANNELS } from '../channels.js';
import { jacobiEigen } from './jacobi-eigen.js';
import { conditionChannelName, MOTION_PRIOR_DEFAULTS } from './prior-defaults.js';

export interface MotionPriorParams {
  /** Motion channel names (D). */
  readonly channels: readonly string[];
  /** Condition channel names (C), `cond:<name>` in motion-channel order. */
  readonly conditionChannels: readonly string[];
  readonly fps: number;
  /** Rest pose b, length D. */
  readonly b: Float64Array;
  /** Target gains W, C x D row-major. */
  readonly W: Float64Array;
  /** Orthogonal mixing A, D x D row-major (column k = latent mode k). */
  readonly A: Float64Array;
  /** Latent stds s_k, length D. */
  readonly s: Float64Array;
  /** Latent AR(1) poles rho_k in [0, 1), length D. */
  readonly rho: Float64Array;
  /** Noise range the model is meant for; `data` is the RMS of s. */
  readonly sigma: { readonly min: number; readonly max: number; readonly data: number };
}

export class MotionPriorError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MotionPriorError';
  }
}

/** The default prior over MOTION_CHANNELS, deterministic (no randomness anywhere). */
export function buildMotionPriorParams(defaults = MOTION_PRIOR_DEFAULTS): MotionPriorParams {
  const D = CHANNEL_COUNT;
  const C = D;
  const { fps } = defaults;
  const b = new Float64Array(D);
  // The rest pose is the neutral face (every channel 0). It must be 0 on each channel whose
  // condition is an absolute target with unit gain: the null token maps to b and a target t must
  // map to t, so a nonzero rest value would offset every target.

  // W (1): identity, plus the nudges.
  const W = new Float64Array(C * D);
  for (let i = 0; i < D; i++) W[i * D + i] = 1;
  for (const { from, to, gain } of defaults.meanCouplings)
    W[channelIndex(from) * D + channelIndex(to)] = gain;

  // Sigma_0 = diag(sigma) R diag(sigma).
  const channelStd = MOTION_CHANNELS.map((ch) => defaults.std[ch.group]);
  const channelRho = MOTION_CHANNELS.map((ch) => Math.exp(-1 / (fps * defaults.timeConstantSec[ch.group])));
  const cov = new Float64Array(D * D);
  for (let i = 0; i < D; i++) cov[i * D + i] = channelStd[i]! ** 2;
  for (const { a, b: other, r } of defaults.correlations) {
    const i = channelIndex(a);
    const j = channelIndex(other);
    cov[i * D + j] = cov[j * D + i] = r * channelStd[i]! * channelStd[j]!;
  }

  const { values, vectors: A } = jacobiEigen(cov, D);
  const s = new Float64Array(D);
  const rho = new Float64Array(D);
  for (let k = 0; k < D; k++) {
    if (!(values[k]! > 0)) {
      throw new MotionPriorError(`residual covariance is not positive definite (eigenvalue ${values[k]})`);
    }
    s[k] = Math.sqrt(values[k]!);
    for (let i = 0; i < D; i++) rho[k] = rho[k]! + A[i * D + k]! ** 2 * channelRho[i]!;
  }
  const data = Math.sqrt(s.reduce((acc, v) => acc + v * v, 0) / D);

  return {
    channels: CHANNEL_NAMES,
    conditionChannels: CHANNEL_NAMES.map(conditionChannelName),
    fps,
    b,
    W,
    A,
    s,
    rho,
    sigma: { min: defaults.sigma.min, max: defaults.sigma.max, data },
  };
}
