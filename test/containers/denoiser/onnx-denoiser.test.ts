import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attr, GraphBuilder } from '../../../containers/gpu-sampler/scripts/onnx/graph-builder.js';
import {
  DenoiserError,
  ModelInputError,
  ModelSpecError,
  OnnxDenoiser,
} from '../../../containers/gpu-sampler/src/denoiser/index.js';
import { CHANNEL_COUNT } from '../../../core/motion/channels.js';
import {
  cloneModelDir,
  maxAbsDiff,
  PRIOR_DIR,
  randomArray,
  randomCond,
  TINY_NET_DIR,
} from './model-fixtures.js';

const D = CHANNEL_COUNT;

describe('OnnxDenoiser input checks', () => {
  let denoiser: OnnxDenoiser;
  beforeAll(async () => {
    denoiser = await OnnxDenoiser.create(PRIOR_DIR);
  });
  afterAll(async () => {
    await denoiser.release();
  });

  const batch = (B: number, T: number) => ({
    batch: B,
    frames: T,
    x: new Float32Array(B * T * D),
    sigma: new Float32Array(B).fill(1),
    cond: new Float32Array(B * T * D),
  });

  it('names the shapes when x, sigma or cond has the wrong size', async () => {
    await expect(denoiser.denoise({ ...batch(2, 10), x: new Float32Array(5) })).rejects.toThrow(
      /x has 5 values, expected 740; x \[B,T,D\] = \[2,10,37\]/,
    );
    await expect(denoiser.denoise({ ...batch(2, 10), sigma: new Float32Array(3) })).rejects.toThrow(
      ModelInputError,
    );
    await expect(denoiser.denoise({ ...batch(2, 10), cond: new Float32Array(20) })).rejects.toThrow(
      /cond has 20 values.*cond \[B,T,C\] = \[2,10,37\]/,
    );
  });

  it('rejects a bad batch size, frame count or sigma', async () => {
    await expect(denoiser.denoise({ ...batch(1, 1), frames: 0 })).rejects.toThrow(/positive integers/);
    await expect(denoiser.denoise({ ...batch(1, 4), sigma: Float32Array.of(-1) })).rejects.toThrow(/sigma/);
    await expect(denoiser.denoise({ ...batch(1, 4), sigma: Float32Array.of(Number.NaN) })).rejects.toThrow(
      ModelInputError,
    );
  });

  it('reports the CPU by default', () => {
    expect(denoiser.provider).toBe('cpu');
    expect(denoiser.spec.id).toBe('motion-prior@1');
  });
});

describe('OnnxDenoiser.create', () => {
  it('falls back to the CPU with a logged message when CUDA is not available', async () => {
    const logs: string[] = [];
    const den = await OnnxDenoiser.create(PRIOR_DIR, {
      providers: ['cuda', 'cpu'],
      log: (m) => logs.push(m),
    });
    try {
      if (den.provider === 'cpu') expect(logs.join('\n')).toMatch(/CUDA.*CPU/);
      const out = await den.denoise({
        batch: 1,
        frames: 3,
        x: new Float32Array(3 * D),
        sigma: Float32Array.of(1),
        cond: new Float32Array(3 * D),
      });
      expect(out.length).toBe(3 * D);
    } finally {
      await den.release();
    }
  });

  it('rejects a model.json whose channel count does not match the ONNX shapes', async () => {
    const { dir, cleanup } = cloneModelDir(PRIOR_DIR);
    try {
      const spec = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
      spec.channels = spec.channels.slice(1);
      writeFileSync(join(dir, 'model.json'), JSON.stringify(spec));
      await expect(OnnxDenoiser.create(dir)).rejects.toThrow(/"x" has shape \[B,T,37\], expected \[B,T,36\]/);
    } finally {
      cleanup();
    }
  });

  it('rejects an ONNX whose input names are not the contract', async () => {
    // Prepare: a valid model.json beside an identity graph with inputs input/sigma/cond.
    const { dir, cleanup } = cloneModelDir(PRIOR_DIR);
    try {
      const g = new GraphBuilder('wrong_names');
      g.input('input', ['B', 'T', D]);
      g.input('sigma', ['B']);
      g.input('cond', ['B', 'T', D]);
      g.node('Identity', ['input'], {}, 'x0');
      g.output('x0', ['B', 'T', D]);
      writeFileSync(join(dir, 'motion-prior.onnx'), g.toBytes({ opset: 20, irVersion: 10 }));

      // Act / Assess
      const error = await OnnxDenoiser.create(dir).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ModelSpecError);
      expect(error).toBeInstanceOf(DenoiserError);
      expect((error as Error).name).toBe('ModelSpecError');
      expect((error as Error).message).toMatch(/no input "x"; the ONNX inputs are \[input, sigma, cond\]/);
    } finally {
      cleanup();
    }
  });

  it('rejects an ONNX with the wrong element type', async () => {
    const { dir, cleanup } = cloneModelDir(PRIOR_DIR);
    try {
      const g = new GraphBuilder('wrong_type');
      g.input('x', ['B', 'T', D], 11); // double
      g.input('sigma', ['B']);
      g.input('cond', ['B', 'T', D]);
      g.node('Cast', ['x'], { to: attr.int(1) }, 'x0');
      g.output('x0', ['B', 'T', D]);
      writeFileSync(join(dir, 'motion-prior.onnx'), g.toBytes({ opset: 20, irVersion: 10 }));
      await expect(OnnxDenoiser.create(dir)).rejects.toThrow(/"x" is float64, expected float32/);
    } finally {
      cleanup();
    }
  });
});

describe('the tiny-net test model', () => {
  let tiny: OnnxDenoiser;
  beforeAll(async () => {
    tiny = await OnnxDenoiser.create(TINY_NET_DIR);
  });
  afterAll(async () => {
    await tiny.release();
  });

  it('runs batched, and B = 2 equals two B = 1 calls', async () => {
    // Prepare
    const T = 40;
    const x = randomArray(2 * T * D, 1);
    const cond = randomCond(2 * T * D, 2);
    const sigma = Float32Array.of(0.05, 2);

    // Act
    const both = await tiny.denoise({ batch: 2, frames: T, x, sigma, cond });
    const one = await Promise.all(
      [0, 1].map((b) =>
        tiny.denoise({
          batch: 1,
          frames: T,
          x: x.slice(b * T * D, (b + 1) * T * D),
          sigma: sigma.subarray(b, b + 1),
          cond: cond.slice(b * T * D, (b + 1) * T * D),
        }),
      ),
    );

    // Assess
    expect(tiny.spec.id).toBe('tiny-net@1');
    expect(both.every(Number.isFinite)).toBe(true);
    expect(maxAbsDiff(both.subarray(0, T * D), one[0]!)).toBeLessThan(1e-6);
    expect(maxAbsDiff(both.subarray(T * D), one[1]!)).toBeLessThan(1e-6);
  });

  it('runs for any length, including T = 1, and differs from the prior', async () => {
    const prior = await OnnxDenoiser.create(PRIOR_DIR);
    try {
      for (const T of [1, 7, 250]) {
        const input = {
          batch: 3,
          frames: T,
          x: randomArray(3 * T * D, T),
          sigma: Float32Array.of(0.01, 0.5, 8),
          cond: randomCond(3 * T * D, T + 1),
        };
        const out = await tiny.denoise(input);
        expect(out.length).toBe(3 * T * D);
        expect(out.every(Number.isFinite)).toBe(true);
        expect(maxAbsDiff(out, await prior.denoise(input))).toBeGreaterThan(1e-3);
      }
    } finally {
      await prior.release();
    }
  });
});
