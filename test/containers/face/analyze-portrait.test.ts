import { describe, expect, it } from 'vitest';
import { analyzePortrait } from '../../../containers/gpu-sampler/src/face/analyze-portrait.js';
import {
  CorruptImageError,
  FaceIndexError,
  FaceTooSmallError,
  NoFaceError,
  PortraitError,
  UnsupportedImageError,
} from '../../../containers/gpu-sampler/src/face/errors.js';
import type { PortraitAnalysis } from '../../../containers/gpu-sampler/src/face/portrait.js';
import {
  gradientPng,
  portraitAs,
  portraitPng,
  portraitRegion,
  portraitResized,
  SVG_BYTES,
  TEXT_BYTES,
  truncated,
  twoFaces,
} from '../../fixtures/images/portrait-images.js';

// The example portrait: one face, its mesh box about x 179..271, y 71..174 in the 512² source.
const SOURCE_FACE = { x: 178.7, y: 70.7, width: 92.5, height: 103.7 };

function points(analysis: PortraitAnalysis): Array<[number, number, number]> {
  const out: Array<[number, number, number]> = [];
  for (let i = 0; i < analysis.landmarks.length; i += 3) {
    out.push([analysis.landmarks[i]!, analysis.landmarks[i + 1]!, analysis.landmarks[i + 2]!]);
  }
  return out;
}

async function errorOf(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error;
}

describe('analyzePortrait on the example portrait', () => {
  it("crop 'full': 478 sub-pixel landmarks inside the image, box on the face", async () => {
    // Act
    const analysis = await analyzePortrait(portraitPng(), { name: 'astronaut.png', crop: 'full' });

    // Assess
    expect(analysis.image.width).toBe(512);
    expect(analysis.image.data.length).toBe(512 * 512 * 3);
    expect(analysis.landmarks).toBeInstanceOf(Float32Array);
    expect(analysis.landmarks.length).toBe(478 * 3);
    const pts = points(analysis);
    for (const [x, y, z] of pts) {
      expect(x).toBeGreaterThan(0);
      expect(x).toBeLessThan(512);
      expect(y).toBeGreaterThan(0);
      expect(y).toBeLessThan(512);
      expect(Number.isFinite(z)).toBe(true);
    }
    // sub-pixel: human truncates to whole pixels unless patched
    const fractional = pts.filter(([x, y]) => x % 1 !== 0 && y % 1 !== 0).length;
    expect(fractional).toBeGreaterThan(470);
    // z is in pixels: the face is ~100 px wide, its depth range tens of pixels
    const zs = pts.map(([, , z]) => z);
    expect(Math.max(...zs) - Math.min(...zs)).toBeGreaterThan(20);
    expect(Math.max(...zs) - Math.min(...zs)).toBeLessThan(200);
    // the box is where the face is (same pixels: 'full' on a 512² source is the identity)
    expect(analysis.box.x).toBeCloseTo(SOURCE_FACE.x, -1);
    expect(analysis.box.y).toBeCloseTo(SOURCE_FACE.y, -1);
    expect(analysis.box.width).toBeCloseTo(SOURCE_FACE.width, -1);
    expect(analysis.box.height).toBeCloseTo(SOURCE_FACE.height, -1);
    // nose tip (1) between the eyes' outer corners (33, 263), above the chin (152)
    const [nose, rightEye, leftEye, chin] = [pts[1]!, pts[33]!, pts[263]!, pts[152]!];
    expect(nose[0]).toBeGreaterThan(rightEye[0]);
    expect(nose[0]).toBeLessThan(leftEye[0]);
    expect(chin[1]).toBeGreaterThan(nose[1]);
    expect(analysis).toMatchObject({
      faceCount: 1,
      faceIndex: 0,
      warnings: [],
      crop: 'full',
      source: { width: 512, height: 512, format: 'png' },
    });
    expect(analysis.emotion?.[0]?.emotion).toBe('happy');
    expect(analysis.descriptor?.length).toBe(1024);
  });

  it("crop 'face': the face fills about half the frame width, landmarks follow the crop", async () => {
    // Act
    const full = await analyzePortrait(portraitPng(), { crop: 'full' });
    const face = await analyzePortrait(portraitPng(), { crop: 'face', size: 256 });

    // Assess
    expect([face.image.width, face.image.height, face.image.data.length]).toEqual([256, 256, 256 * 256 * 3]);
    expect(face.box.width / 256).toBeGreaterThanOrEqual(0.45);
    expect(face.box.width / 256).toBeLessThanOrEqual(0.55);
    // the same affine map takes 'full' landmarks to 'face' landmarks
    const k = face.box.width / full.box.width;
    const a = points(full);
    const b = points(face);
    for (const i of [1, 13, 14, 33, 61, 152, 263, 291, 468, 473]) {
      expect(b[i]![0]).toBeCloseTo((a[i]![0] - full.box.x) * k + face.box.x, 3);
      expect(b[i]![1]).toBeCloseTo((a[i]![1] - full.box.y) * k + face.box.y, 3);
    }
  });

  it('describe: false skips the emotion and the descriptor, the same mesh; the next call has them again', async () => {
    // Act: concurrently, so the two calls' switches would clash if they were not kept apart.
    const [lean, full] = await Promise.all([
      analyzePortrait(portraitPng(), { crop: 'face', size: 256, describe: false }),
      analyzePortrait(portraitPng(), { crop: 'face', size: 256 }),
    ]);
    const again = await analyzePortrait(portraitPng(), { crop: 'face', size: 256 });

    // Assess
    expect(lean.emotion).toBeUndefined();
    expect(lean.descriptor).toBeUndefined();
    expect(Array.from(lean.landmarks)).toEqual(Array.from(full.landmarks));
    for (const analysis of [full, again]) {
      expect(analysis.emotion?.[0]?.emotion).toBe('happy');
      expect(analysis.descriptor?.length).toBe(1024);
    }
  });

  it('a face too close to the edges: a tighter square, edge replication, a warning', async () => {
    // Prepare: 160×200 around the face (92 px wide): no room for a square twice its width
    const bytes = await portraitRegion(145, 20, 160, 200);

    // Act
    const analysis = await analyzePortrait(bytes, { name: 'tight.png' });

    // Assess
    expect(analysis.warnings).toEqual([
      expect.stringMatching(/too close to the edge of portrait 'tight.png'.*replicated/),
    ]);
    expect(analysis.box.width / 512).toBeGreaterThan(0.53);
    expect(analysis.box.width / 512).toBeLessThanOrEqual(0.56);
    expect(analysis.image.data.length).toBe(512 * 512 * 3);
  });

  it.each(['jpeg', 'webp'] as const)('accepts %s', async (format) => {
    const analysis = await analyzePortrait(await portraitAs(format), { crop: 'full' });

    expect(analysis.source.format).toBe(format);
    expect(analysis.box.x).toBeCloseTo(SOURCE_FACE.x, -1);
  });
});

describe('analyzePortrait on bad input', () => {
  it('no face: NoFaceError with the image size', async () => {
    const error = await errorOf(analyzePortrait(await gradientPng(320, 240), { name: 'sky.png' }));

    expect(error).toBeInstanceOf(NoFaceError);
    expect(error).toBeInstanceOf(PortraitError);
    expect(error.name).toBe('NoFaceError');
    expect(error.message).toMatch(/no face found in portrait 'sky.png' \(320×240\)/);
  });

  it('two faces: the largest, with a warning; faceIndex picks another; out of range is explained', async () => {
    // Prepare: the full-size face at left, a 0.75× copy at right (896×512)
    const bytes = await twoFaces(384);

    // Act
    const largest = await analyzePortrait(bytes, { crop: 'full' });
    const other = await analyzePortrait(bytes, { crop: 'full', faceIndex: 1 });
    const error = await errorOf(analyzePortrait(bytes, { faceIndex: 5, name: 'pair.png' }));

    // Assess: 'full' maps 896 -> 512 wide
    expect(largest.faceCount).toBe(2);
    expect(largest.warnings).toEqual([
      expect.stringMatching(/2 faces found .* using the largest \(index 0\)/),
    ]);
    expect(largest.box.x + largest.box.width).toBeLessThan(256);
    expect(other.faceIndex).toBe(1);
    expect(other.box.x).toBeGreaterThan(256);
    expect(other.box.width).toBeLessThan(largest.box.width);
    expect(error).toBeInstanceOf(FaceIndexError);
    expect(error.message).toMatch(
      /faceIndex 5 is out of range: 2 faces found in portrait 'pair.png' \(valid: 0..1/,
    );
  });

  it('a face under 64 px: FaceTooSmallError with the size found', async () => {
    const error = await errorOf(analyzePortrait(await portraitResized(96, 96)));

    expect(error).toBeInstanceOf(FaceTooSmallError);
    expect((error as FaceTooSmallError).faceSize).toBeGreaterThan(10);
    expect((error as FaceTooSmallError).faceSize).toBeLessThan(30);
    expect(error.message).toMatch(/is \d+×\d+ px, under the 64 px minimum/);
  });

  it('an image over maxPixels is downscaled for analysis, with a warning', async () => {
    // Prepare: 5000×5000 (JPEG keeps the fixture quick to make)
    const bytes = await portraitResized(5000, 5000, 'jpeg');

    // Act
    const analysis = await analyzePortrait(bytes, { maxPixels: 1024 * 1024, crop: 'full' });

    // Assess
    expect(analysis.source).toEqual({ width: 5000, height: 5000, format: 'jpeg' });
    expect(analysis.warnings).toEqual([expect.stringMatching(/5000×5000 .* downscaled to 1024×1024/)]);
    expect(analysis.box.x).toBeCloseTo(SOURCE_FACE.x, -1);
    expect(analysis.box.width).toBeCloseTo(SOURCE_FACE.width, -1);
  });

  it.each([
    ['GIF', () => portraitAs('gif'), UnsupportedImageError],
    ['SVG', async () => SVG_BYTES, UnsupportedImageError],
    ['text', async () => TEXT_BYTES, UnsupportedImageError],
    ['truncated PNG', async () => truncated(portraitPng()), CorruptImageError],
    ['truncated JPEG', async () => truncated(await portraitAs('jpeg')), CorruptImageError],
  ])('%s is refused before detection', async (_name, make, type) => {
    const error = await errorOf(analyzePortrait(await make(), { name: 'input' }));

    expect(error).toBeInstanceOf(type);
    expect(error.message).toMatch(/PNG, JPEG or WebP/);
  });

  it('refuses invalid options', async () => {
    const error = await errorOf(analyzePortrait(portraitPng(), { size: 511 }));

    expect(error).toBeInstanceOf(PortraitError);
    expect(error.message).toMatch(/even/);
  });
});
