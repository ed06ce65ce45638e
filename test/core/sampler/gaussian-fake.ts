/**
 * Exact Gaussian denoisers for sampler tests (in-memory fakes, not mocks).
 *
 * Prior: every element k independent, x0_k ~ N(m_k, v_k). With x = x0 + σ ε the posterior mean is
 *   D(x, σ) = m + v / (v + σ²) · (x − m)
 * exactly, so a sampler's output can be compared with the closed form N(m, v).
 * The conditional version (a `Denoiser` port) uses m = base + c (condition channel d is the target
 * of motion channel d, like the motion prior's μ(c) = b + c·W with W = I).
 */
import type { DenoiseBatch, Denoiser, DenoiserModelSpec } from '../../../core/contracts/denoiser-model.js';
import { CHANNEL_NAMES } from '../../../core/motion/channels.js';
import type { DenoiseFn } from '../../../core/sampler/sampler-contract.js';

/** D(x, σ) for independent elements N(mean_k, variance_k); counts its calls. */
export function independentGaussianDenoise(
  mean: ArrayLike<number>,
  variance: ArrayLike<number>,
): DenoiseFn & { calls: number[] } {
  const calls: number[] = [];
  const denoise = async (x: Float32Array, sigma: number): Promise<Float32Array> => {
    calls.push(sigma);
    const out = new Float32Array(x.length);
    for (let k = 0; k < x.length; k++) {
      const m = mean[k] as number;
      const v = variance[k] as number;
      out[k] = m + (v / (v + sigma * sigma)) * ((x[k] as number) - m);
    }
    return out;
  };
  return Object.assign(denoise, { calls });
}

export function fakeSpec(overrides: Partial<DenoiserModelSpec> = {}): DenoiserModelSpec {
  return {
    id: 'gaussian-fake@1',
    onnx: 'none.onnx',
    channels: [...CHANNEL_NAMES],
    condition: { channels: CHANNEL_NAMES.map((n) => `cond:${n}`), layout: 'target per motion channel' },
    sigma: { min: 0.002, max: 10, data: 0.1 },
    fps: 25,
    inputs: { x: 'x', sigma: 'sigma', cond: 'cond' },
    outputs: { x0: 'x0' },
    ...overrides,
  };
}

/**
 * The conditional fake as a Denoiser port: per channel d, x0[t,d] ~ N(base_d + c[t,d], v_d),
 * independent over t and d. Records every batch it was given.
 */
export class GaussianDenoiser implements Denoiser {
  readonly batches: { batch: number; sigma: number; cond: Float32Array }[] = [];

  constructor(
    readonly spec: DenoiserModelSpec,
    readonly variance: Float64Array,
    readonly base: Float64Array = new Float64Array(variance.length),
  ) {}

  /** The single-condition D(x, σ, c) this fake computes, for expected values in tests. */
  denoiseOne(x: Float32Array, sigma: number, cond: Float32Array): Float32Array {
    const D = this.variance.length;
    const out = new Float32Array(x.length);
    for (let k = 0; k < x.length; k++) {
      const d = k % D;
      const m = (this.base[d] as number) + (cond[k] as number);
      const v = this.variance[d] as number;
      out[k] = m + (v / (v + sigma * sigma)) * ((x[k] as number) - m);
    }
    return out;
  }

  async denoise(batch: DenoiseBatch): Promise<Float32Array> {
    const size = batch.x.length / batch.batch;
    this.batches.push({ batch: batch.batch, sigma: batch.sigma[0] as number, cond: batch.cond });
    const out = new Float32Array(batch.x.length);
    for (let b = 0; b < batch.batch; b++) {
      const part = (a: Float32Array) => a.subarray(b * size, (b + 1) * size);
      out.set(this.denoiseOne(part(batch.x), batch.sigma[b] as number, part(batch.cond)), b * size);
    }
    return out;
  }
}
