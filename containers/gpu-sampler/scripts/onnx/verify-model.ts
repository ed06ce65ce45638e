/** Smoke check of a built model: onnxruntime-node (CPU) runs it for several B and T. */
import * as ort from 'onnxruntime-node';

export interface VerifyRow {
  readonly batch: number;
  readonly frames: number;
  readonly ms: number;
}

export async function verifyModel(
  onnx: Uint8Array,
  channels: number,
  conditionChannels: number,
  shapes: readonly (readonly [batch: number, frames: number])[],
): Promise<VerifyRow[]> {
  const session = await ort.InferenceSession.create(onnx, { executionProviders: ['cpu'] });
  const rows: VerifyRow[] = [];
  try {
    for (const [B, T] of shapes) {
      const feeds = {
        x: new ort.Tensor('float32', new Float32Array(B * T * channels).fill(0.1), [B, T, channels]),
        sigma: new ort.Tensor('float32', new Float32Array(B).fill(0.5), [B]),
        cond: new ort.Tensor('float32', new Float32Array(B * T * conditionChannels), [
          B,
          T,
          conditionChannels,
        ]),
      };
      const started = performance.now();
      const out = await session.run(feeds);
      const ms = performance.now() - started;
      const x0 = out.x0;
      const dims = x0?.dims.join(',');
      if (dims !== `${B},${T},${channels}`)
        throw new Error(`x0 has dims [${dims}], expected [${B},${T},${channels}]`);
      if (!(x0!.data as Float32Array).every(Number.isFinite))
        throw new Error(`x0 not finite for B=${B}, T=${T}`);
      rows.push({ batch: B, frames: T, ms });
    }
  } finally {
    await session.release();
  }
  return rows;
}
