/**
 * Writes a built model: `<dir>/<spec.onnx>` and `<dir>/model.json`, the spec validated against the
 * denoiser contract before anything is written.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type DenoiserModelSpec,
  DenoiserModelSpecSchema,
} from '../../../../core/contracts/denoiser-model.js';

export interface WrittenModel {
  readonly dir: string;
  readonly spec: DenoiserModelSpec;
  readonly onnxBytes: number;
}

export function writeModel(dir: string, spec: unknown, onnx: Uint8Array): WrittenModel {
  const parsed = DenoiserModelSpecSchema.parse(spec);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, parsed.onnx), onnx);
  writeFileSync(join(dir, 'model.json'), `${JSON.stringify(parsed, null, 2)}\n`);
  return { dir, spec: parsed, onnxBytes: onnx.length };
}
