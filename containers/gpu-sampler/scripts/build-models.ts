/**
 * Builds the repo's ONNX models (run: `npm run build:prior`):
 *   containers/gpu-sampler/models/motion-prior/{motion-prior.onnx, model.json}  the default prior
 *   test/fixtures/models/tiny-net/{tiny-net.onnx, model.json}                 a test network
 * Deterministic: the same source gives byte-identical files. Each model is run once by
 * onnxruntime-node on the CPU for several batch sizes and lengths before the script ends.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildMotionPriorParams } from '../../../core/motion/prior/index.js';
import { writeModel } from './onnx/model-files.js';
import { motionPriorSpec, tinyNetSpec } from './onnx/model-specs.js';
import { buildMotionPriorGraph } from './onnx/motion-prior-graph.js';
import { buildTinyNetGraph } from './onnx/tiny-net-graph.js';
import { verifyModel } from './onnx/verify-model.js';

const repoPath = (relative: string): string =>
  fileURLToPath(new URL(`../../../${relative}`, import.meta.url));

export const BUILD_OUTPUTS = {
  /** @default 'containers/gpu-sampler/models/motion-prior' */
  motionPrior: 'containers/gpu-sampler/models/motion-prior',
  /** @default 'test/fixtures/models/tiny-net' */
  tinyNet: 'test/fixtures/models/tiny-net',
  /** (B, T) pairs the smoke check runs. */
  verifyShapes: [
    [1, 1],
    [3, 1],
    [1, 7],
    [3, 7],
    [1, 125],
    [3, 125],
    [1, 250],
    [3, 250],
    [1, 1500],
    [3, 1500],
  ],
} as const;

async function main(): Promise<void> {
  const params = buildMotionPriorParams();
  const prior = writeModel(
    repoPath(BUILD_OUTPUTS.motionPrior),
    motionPriorSpec(params),
    buildMotionPriorGraph(params),
  );
  const D = params.channels.length;
  const C = params.conditionChannels.length;
  const tiny = writeModel(
    repoPath(BUILD_OUTPUTS.tinyNet),
    tinyNetSpec(),
    buildTinyNetGraph({ channels: D, conditionChannels: C }),
  );
  for (const model of [prior, tiny]) {
    console.log(`${model.spec.id}: ${model.spec.onnx} ${model.onnxBytes} bytes -> ${model.dir}`);
    const bytes = readFileSync(`${model.dir}/${model.spec.onnx}`);
    const rows = await verifyModel(bytes, D, C, BUILD_OUTPUTS.verifyShapes);
    console.log(
      `  onnxruntime-node CPU: ${rows.map((r) => `B=${r.batch} T=${r.frames} ${r.ms.toFixed(1)}ms`).join('; ')}`,
    );
  }
}

await main();
