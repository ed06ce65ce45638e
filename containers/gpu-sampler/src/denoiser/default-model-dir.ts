/**
 * Where the denoiser model lives: SageMaker's SM_MODEL_DIR when it holds a model.json (a learned
 * model deployed as the endpoint's model data), else the analytic prior shipped in the repo.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MODEL_SPEC_FILE } from './load-denoiser-model.js';

/** containers/gpu-sampler/models/motion-prior, resolved from this module. */
export const BUNDLED_MODEL_DIR = fileURLToPath(new URL('../../models/motion-prior', import.meta.url));

export function defaultModelDir(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.SM_MODEL_DIR;
  if (fromEnv && existsSync(join(fromEnv, MODEL_SPEC_FILE))) return fromEnv;
  return BUNDLED_MODEL_DIR;
}
