/** Reads and validates a model directory: `model.json` (the denoiser contract) and its `.onnx`. */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  type DenoiserModelSpec,
  DenoiserModelSpecSchema,
} from '../../../../core/contracts/denoiser-model.js';
import { ModelSpecError } from './errors.js';

export interface DenoiserModel {
  /** Absolute model directory. */
  readonly dir: string;
  readonly spec: DenoiserModelSpec;
  /** Absolute path of the ONNX file model.json names. */
  readonly onnxPath: string;
}

export const MODEL_SPEC_FILE = 'model.json';

export function loadDenoiserModel(dir: string): DenoiserModel {
  const absDir = resolve(dir);
  const file = join(absDir, MODEL_SPEC_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new ModelSpecError(`cannot read ${file}: ${(cause as Error).message}`, { cause });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new ModelSpecError(`${file} is not valid JSON: ${(cause as Error).message}`, { cause });
  }
  const parsed = DenoiserModelSpecSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new ModelSpecError(`${file} does not match the denoiser model contract: ${issues.join('; ')}`, {
      cause: parsed.error,
    });
  }
  const spec = parsed.data;
  if (spec.sigma.min >= spec.sigma.max) {
    throw new ModelSpecError(
      `${file}: sigma.min (${spec.sigma.min}) must be below sigma.max (${spec.sigma.max})`,
    );
  }
  for (const [what, names] of [
    ['channels', spec.channels],
    ['condition.channels', spec.condition.channels],
  ] as const) {
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup !== undefined) throw new ModelSpecError(`${file}: ${what} names "${dup}" twice`);
  }
  const onnxPath = resolve(absDir, spec.onnx);
  if (!existsSync(onnxPath)) {
    throw new ModelSpecError(`${file} names onnx "${spec.onnx}", but ${onnxPath} does not exist`);
  }
  return { dir: absDir, spec, onnxPath };
}
