import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { motionPriorSpec, tinyNetSpec } from '../../../containers/gpu-sampler/scripts/onnx/model-specs.js';
import { buildMotionPriorGraph } from '../../../containers/gpu-sampler/scripts/onnx/motion-prior-graph.js';
import { buildTinyNetGraph } from '../../../containers/gpu-sampler/scripts/onnx/tiny-net-graph.js';
import { DenoiserModelSpecSchema } from '../../../core/contracts/denoiser-model.js';
import { buildMotionPriorParams } from '../../../core/motion/prior/index.js';
import { PRIOR_DIR, TINY_NET_DIR } from './model-fixtures.js';

const readJson = (dir: string): unknown => JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));

describe('the committed models are what build-models.ts builds (run `npm run build:prior` if not)', () => {
  const params = buildMotionPriorParams();

  it('motion-prior', () => {
    const committed = readFileSync(join(PRIOR_DIR, 'motion-prior.onnx'));
    expect(Buffer.from(buildMotionPriorGraph(params)).equals(committed)).toBe(true);
    expect(readJson(PRIOR_DIR)).toEqual(DenoiserModelSpecSchema.parse(motionPriorSpec(params)));
    expect(committed.length).toBeLessThan(64 * 1024);
  });

  it('tiny-net', () => {
    const committed = readFileSync(join(TINY_NET_DIR, 'tiny-net.onnx'));
    const shape = { channels: params.channels.length, conditionChannels: params.conditionChannels.length };
    expect(Buffer.from(buildTinyNetGraph(shape)).equals(committed)).toBe(true);
    expect(readJson(TINY_NET_DIR)).toEqual(DenoiserModelSpecSchema.parse(tinyNetSpec()));
  });
});
