import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BUNDLED_MODEL_DIR,
  defaultModelDir,
  loadDenoiserModel,
  ModelSpecError,
} from '../../../containers/gpu-sampler/src/denoiser/index.js';
import { DenoiserModelSpecSchema } from '../../../core/contracts/denoiser-model.js';
import { CHANNEL_NAMES } from '../../../core/motion/channels.js';
import { cloneModelDir, PRIOR_DIR, TINY_NET_DIR } from './model-fixtures.js';

describe('loadDenoiserModel', () => {
  it.each([
    [PRIOR_DIR, 'motion-prior@1'],
    [TINY_NET_DIR, 'tiny-net@1'],
  ])('reads and validates %s', (dir, id) => {
    const model = loadDenoiserModel(dir);
    expect(model.spec.id).toBe(id);
    expect(model.spec.channels).toEqual(CHANNEL_NAMES);
    expect(model.spec.condition.channels).toEqual(CHANNEL_NAMES.map((n) => `cond:${n}`));
    expect(model.spec.fps).toBe(25);
    expect(model.onnxPath.endsWith('.onnx')).toBe(true);
    expect(() => DenoiserModelSpecSchema.parse(model.spec)).not.toThrow();
  });

  it('states the prior sigma range around the data scale', () => {
    const { sigma } = loadDenoiserModel(PRIOR_DIR).spec;
    expect(sigma).toEqual({ min: 0.002, max: 10, data: expect.any(Number) });
    expect(sigma.data).toBeGreaterThan(0.05);
    expect(sigma.data).toBeLessThan(0.15);
  });

  it('names the file and the zod issue paths of an invalid model.json', () => {
    const { dir, cleanup } = cloneModelDir(PRIOR_DIR);
    try {
      writeFileSync(
        join(dir, 'model.json'),
        JSON.stringify({ id: 'x', onnx: 'motion-prior.onnx', channels: [] }),
      );
      expect(() => loadDenoiserModel(dir)).toThrow(ModelSpecError);
      expect(() => loadDenoiserModel(dir)).toThrow(
        /model\.json does not match.*channels: .*condition: .*sigma:/,
      );
    } finally {
      cleanup();
    }
  });

  it('explains a missing directory, broken JSON and a missing onnx file', () => {
    const { dir, cleanup } = cloneModelDir(PRIOR_DIR);
    try {
      expect(() => loadDenoiserModel(join(dir, 'nope'))).toThrow(/cannot read .*nope\/model\.json/);
      rmSync(join(dir, 'motion-prior.onnx'));
      expect(() => loadDenoiserModel(dir)).toThrow(/names onnx "motion-prior\.onnx", but .* does not exist/);
      writeFileSync(join(dir, 'model.json'), '{ nope');
      expect(() => loadDenoiserModel(dir)).toThrow(/model\.json is not valid JSON/);
    } finally {
      cleanup();
    }
  });
});

describe('defaultModelDir', () => {
  it('is the bundled prior unless SM_MODEL_DIR holds a model.json', () => {
    const { dir, cleanup } = cloneModelDir(TINY_NET_DIR);
    try {
      const empty = join(dir, 'empty');
      mkdirSync(empty);
      expect(defaultModelDir({})).toBe(BUNDLED_MODEL_DIR);
      expect(BUNDLED_MODEL_DIR.replaceAll('\\', '/')).toMatch(
        /containers\/gpu-sampler\/models\/motion-prior$/,
      );
      expect(loadDenoiserModel(BUNDLED_MODEL_DIR).spec.id).toBe('motion-prior@1');
      expect(defaultModelDir({ SM_MODEL_DIR: dir })).toBe(dir);
      expect(defaultModelDir({ SM_MODEL_DIR: empty })).toBe(BUNDLED_MODEL_DIR);
    } finally {
      cleanup();
    }
  });
});
