import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { FaceModelError } from '../../../containers/gpu-sampler/src/face/errors.js';
import { fetchFile } from '../../../containers/gpu-sampler/src/face/file-model-io.js';
import { getHuman, humanPaths } from '../../../containers/gpu-sampler/src/face/human-loader.js';
import { patchSubpixelMesh } from '../../../containers/gpu-sampler/src/face/human-mesh-patch.js';
import { EXAMPLE_PORTRAIT } from '../../fixtures/images/portrait-images.js';

describe('patchSubpixelMesh', () => {
  const source = readFileSync(humanPaths().bundle, 'utf8');

  it("removes the truncation from human's face-mesh transformRawCoords, exactly once", () => {
    // Act
    const patched = patchSubpixelMesh(source);

    // Assess
    expect(source).toMatch(/Math\.trunc\(\w+\[2\]\|\|0\)\]\)\}/);
    expect(patched).not.toMatch(/Math\.trunc\(\w+\[2\]\|\|0\)\]\)\}/);
    expect(patched).toMatch(/\(\w+\[2\]\|\|0\)\*\(\w+\[0\]\+\w+\[1\]\)\/\(2\*\w+\)\]\)\}/);
    expect(patched.length - source.length).toBeLessThan(100);
  });

  it('fails loudly on a bundle it does not recognise', () => {
    expect(() => patchSubpixelMesh('function f(){return 1}')).toThrow(FaceModelError);
    expect(() => patchSubpixelMesh('function f(){return 1}')).toThrow(/expected 1 match, found 0.*3\.3/);
  });
});

describe('fetchFile', () => {
  it('serves file:// URLs from disk and 404s missing ones', async () => {
    const models = humanPaths().models;
    const found = await fetchFile(`file://${join(models, 'blazeface.json')}`);
    const missing = await fetchFile(`file://${join(models, 'no-such-model.json')}`);

    expect(found.status).toBe(200);
    expect(((await found.json()) as { format: string }).format).toBe('graph-model');
    expect(missing.status).toBe(404);
    expect(missing.ok).toBe(false);
  });

  it('refuses anything but file:// (nothing is downloaded)', async () => {
    await expect(fetchFile('https://example.com/model.json')).rejects.toThrow(/file:\/\/ URLs only/);
  });
});

describe('getHuman', () => {
  it('loads human once, on the wasm backend, and detects a face with fractional mesh coordinates', async () => {
    // Act
    const [human, again] = await Promise.all([getHuman(), getHuman()]);
    const { data, info } = await sharp(EXAMPLE_PORTRAIT)
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const tensor = human.tf.tensor3d(new Uint8Array(data), [info.height, info.width, 3], 'int32');
    const tensorsBefore = human.tf.engine().state.numTensors;
    const result = await human.detect(tensor);
    tensor.dispose();

    // Assess
    expect(again).toBe(human);
    expect(human.tf.getBackend()).toBe('wasm');
    expect(human.version).toMatch(/^3\./);
    expect(result.face).toHaveLength(1);
    const face = result.face[0]!;
    expect(face.mesh).toHaveLength(478);
    expect(face.mesh.filter(([x, y]) => !Number.isInteger(x) && !Number.isInteger(y)).length).toBeGreaterThan(
      470,
    );
    expect(face.emotion?.length).toBeGreaterThan(0);
    expect(face.embedding).toHaveLength(1024);
    expect(human.tf.engine().state.numTensors).toBeLessThanOrEqual(tensorsBefore); // no leak per detection
  });
});
