import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeImage } from '../../../containers/gpu-sampler/src/face/decode-image.js';
import {
  CorruptImageError,
  ImageTooLargeError,
  UnsupportedImageError,
} from '../../../containers/gpu-sampler/src/face/errors.js';
import {
  pngHeaderOnly,
  portraitAs,
  portraitPng,
  portraitResized,
  portraitWithExifRotation,
  SVG_BYTES,
  TEXT_BYTES,
  transparentPng,
  truncated,
} from '../../fixtures/images/portrait-images.js';

const label = "portrait 'test'";

describe('decodeImage', () => {
  it.each(['png', 'jpeg', 'webp'] as const)('accepts %s and returns 8-bit RGB', async (format) => {
    // Prepare
    const bytes = format === 'png' ? portraitPng() : await portraitAs(format);

    // Act
    const decoded = await decodeImage(bytes, { label });

    // Assess
    expect(decoded.format).toBe(format);
    expect(decoded.image.width).toBe(512);
    expect(decoded.image.height).toBe(512);
    expect(decoded.image.data.length).toBe(512 * 512 * 3);
    expect(decoded.scale).toBe(1);
    expect(decoded.warnings).toEqual([]);
  });

  it.each([
    ['GIF', () => portraitAs('gif'), 'gif'],
    ['TIFF', () => portraitAs('tiff'), 'tiff'],
    ['SVG', async () => SVG_BYTES, 'svg'],
    ['text', async () => TEXT_BYTES, undefined],
  ])('refuses %s as unsupported, naming the accepted formats', async (_name, make, format) => {
    // Act
    const error = await decodeImage(await make(), { label }).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(UnsupportedImageError);
    expect((error as UnsupportedImageError).name).toBe('UnsupportedImageError');
    expect((error as UnsupportedImageError).format).toBe(format);
    expect((error as Error).message).toMatch(/PNG, JPEG or WebP/);
    expect((error as Error).message).toContain(label);
  });

  it.each([
    ['PNG cut in half', async () => truncated(portraitPng(), 0.5)],
    ['JPEG cut in half', async () => truncated(await portraitAs('jpeg'), 0.5)],
    ['WebP cut in half', async () => truncated(await portraitAs('webp'), 0.5)],
    ['PNG signature only', async () => truncated(portraitPng(), 0.0005)],
    ['empty file', async () => Buffer.alloc(0)],
  ])('refuses a %s as corrupt', async (_name, make) => {
    // Act
    const error = await decodeImage(await make(), { label }).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(CorruptImageError);
    expect((error as Error).name).toBe('CorruptImageError');
    expect((error as Error).message).toMatch(/cannot be decoded/);
  });

  it('refuses a header announcing more pixels than the decoder guard allows', async () => {
    const error = await decodeImage(pngHeaderOnly(20_000, 20_000), { label }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ImageTooLargeError);
    expect((error as Error).message).toMatch(/20000×20000/);
  });

  it('downscales images over maxPixels, keeping the aspect, with a warning', async () => {
    // Prepare
    const bytes = await portraitResized(1200, 800);

    // Act
    const decoded = await decodeImage(bytes, { label, maxPixels: 300 * 200 });

    // Assess
    expect(decoded.image.width).toBe(300);
    expect(decoded.image.height).toBe(200);
    expect(decoded.sourceWidth).toBe(1200);
    expect(decoded.sourceHeight).toBe(800);
    expect(decoded.scale).toBeCloseTo(0.25, 6);
    expect(decoded.warnings).toHaveLength(1);
    expect(decoded.warnings[0]).toMatch(/1200×800 .* downscaled to 300×200/);
  });

  it('applies the EXIF orientation', async () => {
    // Prepare: stored 384×512 with orientation 6 -> displayed 512×384
    const bytes = await portraitWithExifRotation();
    expect((await sharp(bytes).metadata()).width).toBe(384);

    // Act
    const decoded = await decodeImage(bytes, { label });

    // Assess
    expect([decoded.image.width, decoded.image.height]).toEqual([512, 384]);
    expect([decoded.sourceWidth, decoded.sourceHeight]).toEqual([512, 384]);
  });

  it('flattens transparency on white', async () => {
    const decoded = await decodeImage(await transparentPng(), { label });

    const pixel = (x: number, y: number) =>
      Array.from(decoded.image.data.subarray(3 * (y * 64 + x), 3 * (y * 64 + x) + 3));
    expect(pixel(2, 2)).toEqual([255, 255, 255]);
    expect(pixel(32, 32)).toEqual([255, 0, 0]);
  });
});
