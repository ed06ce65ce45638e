/** The motion prior's TS reference denoiser behind the Denoiser port (what the ONNX model computes). */
import type { DenoiseBatch, Denoiser } from '../../../core/contracts/denoiser-model.js';
import {
  buildMotionPriorParams,
  type MotionPriorParams,
  referenceDenoise,
} from '../../../core/motion/prior/index.js';

export class PriorDenoiser implements Denoiser {
  readonly params: MotionPriorParams = buildMotionPriorParams();
  readonly spec = {
    id: 'motion-prior-reference@test',
    onnx: 'none.onnx',
    channels: [...this.params.channels],
    condition: { channels: [...this.params.conditionChannels], layout: 'target per motion channel' },
    sigma: this.params.sigma,
    fps: this.params.fps,
    inputs: { x: 'x', sigma: 'sigma', cond: 'cond' } as const,
    outputs: { x0: 'x0' } as const,
  };

  async denoise(batch: DenoiseBatch): Promise<Float32Array> {
    const size = batch.x.length / batch.batch;
    const out = new Float32Array(batch.x.length);
    for (let b = 0; b < batch.batch; b++) {
      const part = (a: Float32Array) => a.subarray(b * size, (b + 1) * size);
      out.set(
        referenceDenoise(
          this.params,
          part(batch.x),
          batch.sigma[b] as number,
          part(batch.cond),
          batch.frames,
        ),
        b * size,
      );
    }
    return out;
  }
}
