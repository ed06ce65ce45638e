/**
 * The Denoiser port over an ONNX model: one onnxruntime-node session per model, created once,
 * checked against model.json, then called with batches x [B,T,D], sigma [B], cond [B,T,C].
 */
import * as ort from 'onnxruntime-node';
import type { DenoiseBatch, Denoiser, DenoiserModelSpec } from '../../../../core/contracts/denoiser-model.js';
import { createSession, type ExecutionProvider, type SessionOptions } from './create-session.js';
import { DenoiserError, ModelInputError } from './errors.js';
import { type DenoiserModel, loadDenoiserModel } from './load-denoiser-model.js';
import { checkSessionContract } from './session-contract.js';

export type OnnxDenoiserOptions = SessionOptions;

export class OnnxDenoiser implements Denoiser {
  private constructor(
    readonly model: DenoiserModel,
    private readonly session: ort.InferenceSession,
    /** The execution provider the session actually runs on. */
    readonly provider: ExecutionProvider,
  ) {}

  /** Load `dir/model.json`, open its ONNX file and check the session against the contract. */
  static async create(dir: string, options: OnnxDenoiserOptions = {}): Promise<OnnxDenoiser> {
    const model = loadDenoiserModel(dir);
    let created: Awaited<ReturnType<typeof createSession>>;
    try {
      created = await createSession(model.onnxPath, options);
    } catch (cause) {
      throw new DenoiserError(`cannot open ${model.onnxPath}: ${(cause as Error).message}`, { cause });
    }
    try {
      checkSessionContract(created.session, model.spec, model.onnxPath);
    } catch (error) {
      await created.session.release();
      throw error;
    }
    return new OnnxDenoiser(model, created.session, created.provider);
  }

  get spec(): DenoiserModelSpec {
    return this.model.spec;
  }

  async denoise(batch: DenoiseBatch): Promise<Float32Array> {
    const { batch: B, frames: T } = batch;
    const D = this.spec.channels.length;
    const C = this.spec.condition.channels.length;
    const shapes = `x [B,T,D] = [${B},${T},${D}], sigma [B] = [${B}], cond [B,T,C] = [${B},${T},${C}]`;
    if (!Number.isInteger(B) || B < 1 || !Number.isInteger(T) || T < 1) {
      throw new ModelInputError(`${this.spec.id}: batch and frames must be positive integers; ${shapes}`);
    }
    const check = (name: string, got: number, want: number): void => {
      if (got !== want) {
        throw new ModelInputError(`${this.spec.id}: ${name} has ${got} values, expected ${want}; ${shapes}`);
      }
    };
    check('x', batch.x.length, B * T * D);
    check('sigma', batch.sigma.length, B);
    check('cond', batch.cond.length, B * T * C);
    for (const s of batch.sigma) {
      if (!(s >= 0 && Number.isFinite(s))) {
        throw new ModelInputError(`${this.spec.id}: sigma must be finite and >= 0, got ${s}; ${shapes}`);
      }
    }
    const { inputs, outputs } = this.spec;
    let result: ort.InferenceSession.ReturnType;
    try {
      result = await this.session.run({
        [inputs.x]: new ort.Tensor('float32', batch.x, [B, T, D]),
        [inputs.sigma]: new ort.Tensor('float32', batch.sigma, [B]),
        [inputs.cond]: new ort.Tensor('float32', batch.cond, [B, T, C]),
      });
    } catch (cause) {
      throw new DenoiserError(
        `${this.spec.id}: onnxruntime failed on ${shapes}: ${(cause as Error).message}`,
        {
          cause,
        },
      );
    }
    const x0 = result[outputs.x0];
    const dims = x0?.dims.join(',');
    if (!x0 || dims !== `${B},${T},${D}` || !(x0.data instanceof Float32Array)) {
      throw new DenoiserError(
        `${this.spec.id}: output ${outputs.x0} has dims [${dims}], expected [${B},${T},${D}]`,
      );
    }
    return x0.data;
  }

  /** Free the native session; the denoiser cannot be used afterwards. */
  async release(): Promise<void> {
    await this.session.release();
  }
}
