/**
 * The denoiser model contract (`model.json` beside an `.onnx` file).
 *
 * ONNX signature: inputs `x` float32 [B,T,D], `sigma` float32 [B], `cond` float32 [B,T,C];
 * output `x0` float32 [B,T,D] (the denoised estimate, k-diffusion's "denoised").
 * Any model honouring this drops in: the analytic Gaussian prior shipped in the repo, a test
 * network, or a learned motion diffusion model exported from PyTorch.
 */
import { z } from 'zod';

export const DenoiserModelSpecSchema = z.object({
  /** Identifier recorded in results, e.g. "motion-prior@1". */
  id: z.string().min(1),
  /** The ONNX file, relative to the directory holding model.json. */
  onnx: z.string().min(1),
  description: z.string().optional(),
  /** Motion channel names, in the order of the last axis of `x` (D). */
  channels: z.array(z.string().min(1)).min(1),
  /** Condition channel names, in the order of the last axis of `cond` (C). */
  condition: z.object({
    channels: z.array(z.string().min(1)).min(1),
    /** How the condition is laid out, in words, for humans. */
    layout: z.string().min(1),
  }),
  /** Noise levels the model was built or trained for. */
  sigma: z.object({ min: z.number().positive(), max: z.number().positive(), data: z.number().positive() }),
  /** The frame rate the model's temporal statistics assume. */
  fps: z.number().positive(),
  inputs: z.object({ x: z.literal('x'), sigma: z.literal('sigma'), cond: z.literal('cond') }).default({
    x: 'x',
    sigma: 'sigma',
    cond: 'cond',
  }),
  outputs: z.object({ x0: z.literal('x0') }).default({ x0: 'x0' }),
});

export type DenoiserModelSpec = z.infer<typeof DenoiserModelSpecSchema>;

/** A batch for one denoiser call; arrays are row-major [B,T,D], [B], [B,T,C]. */
export interface DenoiseBatch {
  readonly batch: number;
  readonly frames: number;
  readonly x: Float32Array;
  readonly sigma: Float32Array;
  readonly cond: Float32Array;
}

/** The Denoiser port: the sampler and guidance see only this. */
export interface Denoiser {
  readonly spec: DenoiserModelSpec;
  denoise(batch: DenoiseBatch): Promise<Float32Array>;
}
