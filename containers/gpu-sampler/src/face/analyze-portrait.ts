/**
 * Portrait bytes -> the frame to animate and its 478 face landmarks.
 *
 *   1. decode (PNG/JPEG/WebP, EXIF-upright, alpha on white, capped to `maxPixels`)
 *   2. detect faces and their meshes on the decoded image (with emotion scores and the identity
 *      descriptor unless `describe: false`); pick the largest, or `faceIndex`
 *   3. check the face is large enough (its mesh box, in source pixels)
 *   4. cut the output frame ('face' square around the face, or the 'full' image letterboxed)
 *   5. map landmarks and box into the frame with the same affine map that made the frame.
 *
 * Landmarks are mapped, not re-detected on the output frame: the mesh model sees the face
 * through its own 256² crop either way, so precision is the same, and mapping cannot lose the
 * face (a small face letterboxed into 512² may be too small to detect) nor pick another one.
 */
import { z } from 'zod';
import { DECODE_DEFAULTS, decodeImage } from './decode-image.js';
import { detectFaces } from './detect-faces.js';
import { FaceIndexError, FaceTooSmallError, NoFaceError, PortraitError } from './errors.js';
import type { PortraitAnalysis } from './portrait.js';
import {
  FRAME_DEFAULTS,
  planFaceCrop,
  planFullFrame,
  renderFrame,
  transformBox,
  transformPoints,
} from './portrait-frame.js';

export const ANALYZE_DEFAULTS = {
  /** Output frame side (even, for yuv420p video). @default 512 */
  size: FRAME_DEFAULTS.size,
  /** @default 'face' */
  crop: 'face',
  /** Which face, by size: 0 = largest. @default 0 */
  faceIndex: 0,
  /** Larger images are downscaled before detection. @default 4096 * 4096 */
  maxPixels: DECODE_DEFAULTS.maxPixels,
  /** Smallest accepted face: the shorter side of its mesh box, in source pixels. @default 64 */
  minFaceSize: 64,
  /** Also score the face's emotion and compute its descriptor (see detect-faces.ts). @default true */
  describe: true,
} as const;

const optionsSchema = z.object({
  name: z.string().min(1).optional(),
  size: z
    .number()
    .int()
    .min(64)
    .max(4096)
    .refine((n) => n % 2 === 0, 'must be even (yuv420p video)')
    .default(ANALYZE_DEFAULTS.size),
  crop: z.enum(['face', 'full']).default(ANALYZE_DEFAULTS.crop),
  faceIndex: z.number().int().min(0).default(ANALYZE_DEFAULTS.faceIndex),
  maxPixels: z
    .number()
    .int()
    .min(64 * 64)
    .default(ANALYZE_DEFAULTS.maxPixels),
  describe: z.boolean().default(ANALYZE_DEFAULTS.describe),
});

export type AnalyzePortraitOptions = z.input<typeof optionsSchema>;

/**
 * @throws UnsupportedImageError | CorruptImageError | ImageTooLargeError  unreadable input
 * @throws NoFaceError | FaceIndexError | FaceTooSmallError  no usable face
 */
export async function analyzePortrait(
  bytes: Uint8Array,
  options: AnalyzePortraitOptions = {},
): Promise<PortraitAnalysis> {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    throw new PortraitError(`invalid analyzePortrait options: ${z.prettifyError(parsed.error)}`, {
      cause: parsed.error,
    });
  }
  const { name, size, crop, faceIndex, maxPixels, describe } = parsed.data;
  const label = name ? `portrait '${name}'` : 'the portrait';

  // 1. decode
  const decoded = await decodeImage(bytes, { label, maxPixels });
  const { image, sourceWidth, sourceHeight, scale } = decoded;
  const warnings = [...decoded.warnings];

  // 2. detect, choose
  const faces = await detectFaces(image, { describe });
  if (faces.length === 0) throw new NoFaceError(label, sourceWidth, sourceHeight);
  if (faceIndex >= faces.length) throw new FaceIndexError(label, faceIndex, faces.length);
  if (faces.length > 1) {
    const which = faceIndex === 0 ? 'the largest (index 0)' : `index ${faceIndex} (0 = largest)`;
    warnings.push(`${faces.length} faces found in ${label}; using ${which}`);
  }
  const face = faces[faceIndex]!;

  // 3. size check, in source pixels
  const faceWidth = face.box.width / scale;
  const faceHeight = face.box.height / scale;
  if (Math.min(faceWidth, faceHeight) < ANALYZE_DEFAULTS.minFaceSize) {
    throw new FaceTooSmallError(label, faceWidth, faceHeight, ANALYZE_DEFAULTS.minFaceSize);
  }

  // 4. frame
  const plan =
    crop === 'face'
      ? planFaceCrop(image.width, image.height, face.box, size)
      : planFullFrame(image.width, image.height, size);
  const padded = Object.entries(plan.replicate).filter(([, px]) => px > 0);
  if (padded.length > 0) {
    const sides = padded.map(([side, px]) => `${px} px ${side}`).join(', ');
    warnings.push(`the face is too close to the edge of ${label} for the crop: edges replicated (${sides})`);
  }
  const frame = await renderFrame(image, plan);

  // 5. landmarks and box in frame pixels
  return {
    image: frame,
    landmarks: transformPoints(face.landmarks, plan.transform),
    box: transformBox(face.box, plan.transform),
    sourceBox: {
      x: face.box.x / scale,
      y: face.box.y / scale,
      width: face.box.width / scale,
      height: face.box.height / scale,
    },
    faceCount: faces.length,
    faceIndex,
    source: { width: sourceWidth, height: sourceHeight, format: decoded.format },
    warnings,
    crop,
    score: face.score,
    ...(describe && face.emotion
      ? { emotion: face.emotion.map(({ emotion, score }) => ({ emotion, score })) }
      : {}),
    ...(describe && face.descriptor ? { descriptor: face.descriptor } : {}),
  };
}
