/**
 * Errors of the face module. Step Functions Retry/Catch match on `name`: the input errors
 * (unsupported/corrupt image, no face, face too small, bad face index) are the caller's to fix and
 * must not be retried; `FaceModelError` is ours (the face model could not be loaded or patched).
 */

/** The image formats `analyzePortrait` accepts, as sharp names them. */
export const ACCEPTED_IMAGE_FORMATS = ['png', 'jpeg', 'webp'] as const;
export type AcceptedImageFormat = (typeof ACCEPTED_IMAGE_FORMATS)[number];

const ACCEPTED_LIST = 'PNG, JPEG or WebP';

export class PortraitError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PortraitError';
  }
}

/** The bytes are not a PNG, JPEG or WebP image (GIF, TIFF, SVG, text, ...). */
export class UnsupportedImageError extends PortraitError {
  /** The format sharp recognised, when it recognised one. */
  readonly format: string | undefined;
  constructor(what: string, format?: string, options?: { cause?: unknown }) {
    super(
      `${what} is ${format ? `a ${format.toUpperCase()} image` : 'not an image we can read'}; use ${ACCEPTED_LIST}`,
      options,
    );
    this.name = 'UnsupportedImageError';
    this.format = format;
  }
}

/** The bytes claim an accepted format but do not decode (truncated, damaged, empty). */
export class CorruptImageError extends PortraitError {
  constructor(what: string, detail: string, options?: { cause?: unknown }) {
    super(`${what} cannot be decoded (${detail}); use a complete ${ACCEPTED_LIST} image`, options);
    this.name = 'CorruptImageError';
  }
}

/** More pixels than the decoder accepts at all (decompression-bomb guard). */
export class ImageTooLargeError extends PortraitError {
  constructor(what: string, width: number, height: number, limit: number) {
    super(
      `${what} is ${width}×${height} (${megapixels(width * height)}), over the ${megapixels(limit)} limit`,
    );
    this.name = 'ImageTooLargeError';
  }
}

export class NoFaceError extends PortraitError {
  constructor(what: string, width: number, height: number) {
    super(`no face found in ${what} (${width}×${height}); use a portrait with one clearly visible face`);
    this.name = 'NoFaceError';
  }
}

export class FaceIndexError extends PortraitError {
  readonly faceCount: number;
  constructor(what: string, faceIndex: number, faceCount: number) {
    const valid = faceCount === 1 ? 'only 0 is valid' : `valid: 0..${faceCount - 1}, 0 = largest`;
    super(
      `faceIndex ${faceIndex} is out of range: ${faceCount} face${faceCount === 1 ? '' : 's'} found in ${what} (${valid})`,
    );
    this.name = 'FaceIndexError';
    this.faceCount = faceCount;
  }
}

export class FaceTooSmallError extends PortraitError {
  /** The face's shorter side in source pixels. */
  readonly faceSize: number;
  constructor(what: string, faceWidth: number, faceHeight: number, minimum: number) {
    super(
      `the face in ${what} is ${Math.round(faceWidth)}×${Math.round(faceHeight)} px, under the ${minimum} px minimum; ` +
        'use a larger or closer portrait',
    );
    this.name = 'FaceTooSmallError';
    this.faceSize = Math.min(faceWidth, faceHeight);
  }
}

/** The face model could not be loaded (missing package, unexpected human build). Not the input's fault. */
export class FaceModelError extends PortraitError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FaceModelError';
  }
}

function megapixels(pixels: number): string {
  return `${(pixels / 1e6).toFixed(1)} MP`;
}
