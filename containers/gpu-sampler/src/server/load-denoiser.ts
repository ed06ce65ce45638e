/**
 * Loads the denoiser the container serves: the model mounted at SM_MODEL_DIR when it holds a
 * model.json (SageMaker extracts the endpoint's model data to /opt/ml/model), else the analytic
 * prior bundled in the image; on CUDA when asked for and available, else on the CPU, logged.
 */

import type { ExecutionProvider } from '../denoiser/create-session.js';
import { BUNDLED_MODEL_DIR, defaultModelDir } from '../denoiser/default-model-dir.js';
import { OnnxDenoiser } from '../denoiser/onnx-denoiser.js';
import type { Log } from './log.js';

export interface LoadDenoiserOptions {
  readonly providers: readonly ExecutionProvider[];
  readonly log: Log;
  /** @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

export async function loadDenoiser(options: LoadDenoiserOptions): Promise<OnnxDenoiser> {
  const { providers, log } = options;
  const env = options.env ?? process.env;
  const dir = defaultModelDir(env);
  const source = dir === BUNDLED_MODEL_DIR ? 'bundled' : 'SM_MODEL_DIR';
  if (source === 'bundled' && env.SM_MODEL_DIR) {
    log.info('no model.json in SM_MODEL_DIR: serving the bundled model', {
      smModelDir: env.SM_MODEL_DIR,
      dir,
    });
  }
  const denoiser = await OnnxDenoiser.create(dir, {
    providers,
    log: (detail) => log.warn('execution provider fallback', { requested: providers, detail }),
  });
  log.info('model loaded', {
    modelId: denoiser.spec.id,
    dir,
    source,
    provider: denoiser.provider,
    requested: providers,
  });
  return denoiser;
}
