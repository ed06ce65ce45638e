/**
 * Portrait bytes -> 8-bit sRGB pixels: format check, EXIF orientation, alpha flattened on white,
 * and a pixel cap (larger images are downscaled, with a warning).
 */
import sharp, { type Metadata, type OutputInfo } from 'sharp';
import {
  ACCEPTED_IMAGE_FORMATS,
  type AcceptedImageFormat,
  CorruptImageError,
  ImageTooLargeError,
  UnsupportedImageError,
} from './errors.js';
import type { RgbImage } from './portrait.js';

export const DECODE_DEFAULTS = {
  /** Images with more pixels are downscaled (keeping the aspect) before analysis. @default 4096 * 4096 */
  maxPixels: 4096 * 4096,
  /** Refused outright above this (sharp's own default guard). @default 16383 * 16383 */
  maxInputPixels: 0x3fff * 0x3fff,
  /** Transparent areas become this colour. @default '#ffffff' */
  background: '#ffffff',
} as const;

export interface DecodeOptions {
  /** How the image is named in messages, e.g. `portrait 'me.png'`. */
  readonly label: string;
  /** @default DECODE_DEFAULTS.maxPixels */
  readonly maxPixels?: number;
}

export interface DecodedImage {
  /** The upright, flattened image, downscaled when over `maxPixels`. */
  readonly image: RgbImage;
  readonly format: AcceptedImageFormat;
  /** The upright image's size before any downscale. */
  readonly sourceWidth: number;
  readonly sourceHeight: number;
  /** `image.width / sourceWidth` (1 when not downscaled). */
  readonly scale: number;
  readonly warnings: readonly string[];
}

/** Leading bytes of each accepted format. */
const SIGNATURES: Readonly<Record<AcceptedImageFormat, (b: Uint8Array) => boolean>> = {
  png: (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  jpeg: (b) => startsWith(b, [0xff, 0xd8, 0xff]),
  webp: (b) => startsWith(b, [0x52, 0x49, 0x46, 0x46]) && startsWith(b.subarray(8), [0x57, 0x45, 0x42, 0x50]),
};

/**
 * @throws UnsupportedImageError not a PNG, JPEG or WebP file.
 * @throws CorruptImageError a PNG/JPEG/WebP signature but the data does not decode.
 * @throws ImageTooLargeError over `DECODE_DEFAULTS.maxInputPixels`.
 */
export async function decodeImage(bytes: Uint8Array, options: DecodeOptions): Promise<DecodedImage> {
  const { label } = options;
  const maxPixels = options.maxPixels ?? DECODE_DEFAULTS.maxPixels;
  if (bytes.length === 0) throw new CorruptImageError(label, 'the file is empty');
  const signed = ACCEPTED_IMAGE_FORMATS.find((format) => SIGNATURES[format](bytes));

  let metadata: Metadata;
  try {
    metadata = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (error) {
    if (signed)
      throw new CorruptImageError(label, `unreadable ${signed.toUpperCase()} header`, { cause: error });
    throw new UnsupportedImageError(label, undefined, { cause: error });
  }
  const format = ACCEPTED_IMAGE_FORMATS.find((accepted) => accepted === metadata.format);
  if (!format) throw new UnsupportedImageError(label, metadata.format);
  if (!signed) throw new CorruptImageError(label, `no ${format.toUpperCase()} signature`);

  const sourceWidth = metadata.autoOrient?.width ?? metadata.width;
  const sourceHeight = metadata.autoOrient?.height ?? metadata.height;
  if (!(sourceWidth > 0 && sourceHeight > 0)) throw new CorruptImageError(label, 'no image size');
  if (sourceWidth * sourceHeight > DECODE_DEFAULTS.maxInputPixels) {
    throw new ImageTooLargeError(label, sourceWidth, sourceHeight, DECODE_DEFAULTS.maxInputPixels);
  }

  const warnings: string[] = [];
  let pipeline = sharp(bytes, { failOn: 'warning', limitInputPixels: DECODE_DEFAULTS.maxInputPixels })
    .autoOrient()
    .flatten({ background: DECODE_DEFAULTS.background });
  let width = sourceWidth;
  let height = sourceHeight;
  if (sourceWidth * sourceHeight > maxPixels) {
    const shrink = Math.sqrt(maxPixels / (sourceWidth * sourceHeight));
    width = Math.max(1, Math.floor(sourceWidth * shrink));
    height = Math.max(1, Math.floor(sourceHeight * shrink));
    pipeline = pipeline.resize(width, height, { fit: 'fill' });
    warnings.push(
      `${label} is ${sourceWidth}×${sourceHeight} (${mp(sourceWidth * sourceHeight)}), over the ` +
        `${mp(maxPixels)} limit: downscaled to ${width}×${height} for analysis`,
    );
  }

  let raw: { data: Buffer; info: OutputInfo };
  try {
    raw = await pipeline
      .toColourspace('srgb')
      .removeAlpha()
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
  } catch (error) {
    throw new CorruptImageError(label, firstLine(error), { cause: error });
  }
  const { data, info } = raw;
  if (info.channels !== 3 || info.width !== width || info.height !== height) {
    throw new CorruptImageError(label, `decoded to ${info.width}×${info.height}×${info.channels}`);
  }
  return {
    image: { width, height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) },
    format,
    sourceWidth,
    sourceHeight,
    scale: width / sourceWidth,
    warnings,
  };
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((value, i) => bytes[i] === value);
}

function mp(pixels: number): string {
  return `${(pixels / 1e6).toFixed(1)} MP`;
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'decode failed';
}
