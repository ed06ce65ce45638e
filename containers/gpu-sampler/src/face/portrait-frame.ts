/**
 * The output frame: a square around the face ('face') or the whole image letterboxed ('full'),
 * resized to size×size, and the affine map taking source pixels to frame pixels.
 *
 * Coordinates are continuous: pixel (i, j) covers [i, i+1) × [j, j+1), its centre is (i+.5, j+.5).
 * A frame point is `x' = x·scaleX + offsetX`, `y' = y·scaleY + offsetY`, `z' = z·(scaleX+scaleY)/2`.
 *
 * sharp (libvips 8.x) is exact when it shrinks but shifts the content by +0.5 *output* pixel when
 * it enlarges (measured with a Gaussian blob, 1.005× to 5×; test/containers/face/portrait-frame
 * checks it), so enlargements add that half pixel to the offset.
 */
import sharp from 'sharp';
import type { FaceBox, RgbImage } from './portrait.js';

export const FRAME_DEFAULTS = {
  /** Output frame side in pixels. @default 512 */
  size: 512,
  /** Face crop: the face box width as a fraction of the frame width. @default 0.5 */
  faceFraction: 0.5,
  /** Face crop: the largest fraction accepted when the image is too small for `faceFraction`. @default 0.55 */
  maxFaceFraction: 0.55,
  /** Face crop: where the face box centre sits, as a fraction of the frame height (room for hair). @default 0.55 */
  faceCentreY: 0.55,
  /** Letterbox ('full') padding colour. @default black */
  letterbox: { r: 0, g: 0, b: 0 },
} as const;

export type CropMode = 'face' | 'full';

export interface FrameTransform {
  readonly scaleX: number;
  readonly scaleY: number;
  readonly offsetX: number;
  readonly offsetY: number;
}

/** How the frame is cut from the image; all integers. */
export interface FramePlan {
  readonly mode: CropMode;
  readonly size: number;
  /** The part of the image used (inside the image). */
  readonly extract: {
    readonly left: number;
    readonly top: number;
    readonly width: number;
    readonly height: number;
  };
  /** Edge replication around `extract` ('face' crops reaching past the image). */
  readonly replicate: {
    readonly left: number;
    readonly top: number;
    readonly right: number;
    readonly bottom: number;
  };
  /** `extract` (+ replication) is resized to this, then letterboxed to size×size. */
  readonly resized: { readonly width: number; readonly height: number };
  readonly letterbox: { readonly left: number; readonly top: number };
  readonly transform: FrameTransform;
}

/**
 * A square of side S = face width / `faceFraction` around the face box (its centre at `faceCentreY`
 * of the height, centred horizontally), moved inside the image when it fits; when it cannot fit, S shrinks down to face width / `maxFaceFraction`, and
 * whatever still lies outside is filled by edge replication.
 */
export function planFaceCrop(
  imageWidth: number,
  imageHeight: number,
  face: FaceBox,
  size: number,
): FramePlan {
  const ideal = face.width / FRAME_DEFAULTS.faceFraction;
  const smallest = face.width / FRAME_DEFAULTS.maxFaceFraction;
  const side = Math.max(1, Math.round(Math.max(Math.min(ideal, imageWidth, imageHeight), smallest)));
  const x0 = placeSquare(face.x + face.width / 2, side, imageWidth);
  const y0 = placeSquare(
    face.y + face.height / 2 + (0.5 - FRAME_DEFAULTS.faceCentreY) * side,
    side,
    imageHeight,
  );
  const left = Math.max(0, x0);
  const top = Math.max(0, y0);
  const right = Math.min(imageWidth, x0 + side);
  const bottom = Math.min(imageHeight, y0 + side);
  const scale = size / side;
  const shift = resizeShift(scale);
  return {
    mode: 'face',
    size,
    extract: { left, top, width: right - left, height: bottom - top },
    replicate: { left: left - x0, top: top - y0, right: x0 + side - right, bottom: y0 + side - bottom },
    resized: { width: size, height: size },
    letterbox: { left: 0, top: 0 },
    transform: { scaleX: scale, scaleY: scale, offsetX: -x0 * scale + shift, offsetY: -y0 * scale + shift },
  };
}

/** The whole image, aspect kept, resized to fit size×size and centred on the letterbox colour. */
export function planFullFrame(imageWidth: number, imageHeight: number, size: number): FramePlan {
  const fit = size / Math.max(imageWidth, imageHeight);
  const width = Math.max(1, Math.min(size, Math.round(imageWidth * fit)));
  const height = Math.max(1, Math.min(size, Math.round(imageHeight * fit)));
  const left = Math.floor((size - width) / 2);
  const top = Math.floor((size - height) / 2);
  const scaleX = width / imageWidth;
  const scaleY = height / imageHeight;
  return {
    mode: 'full',
    size,
    extract: { left: 0, top: 0, width: imageWidth, height: imageHeight },
    replicate: { left: 0, top: 0, right: 0, bottom: 0 },
    resized: { width, height },
    letterbox: { left, top },
    transform: { scaleX, scaleY, offsetX: left + resizeShift(scaleX), offsetY: top + resizeShift(scaleY) },
  };
}

/** Cuts, pads and resizes `image` as planned. */
export async function renderFrame(image: RgbImage, plan: FramePlan): Promise<RgbImage> {
  const raw = { width: image.width, height: image.height, channels: 3 as const };
  const { extract, replicate: r, resized, letterbox } = plan;
  const needsCut =
    extract.left !== 0 ||
    extract.top !== 0 ||
    extract.width !== image.width ||
    extract.height !== image.height;
  const needsPad = r.left + r.top + r.right + r.bottom > 0;
  let source: { data: Uint8Array; width: number; height: number } = image;
  if (needsCut || needsPad) {
    // sharp applies `extend` after `resize`, so replication is its own pass.
    let cut = sharp(image.data, { raw }).extract(extract);
    if (needsPad) cut = cut.extend({ ...r, extendWith: 'copy' });
    source = {
      data: await cut.raw().toBuffer(),
      width: extract.width + r.left + r.right,
      height: extract.height + r.top + r.bottom,
    };
  }
  let pipeline = sharp(source.data, { raw: { width: source.width, height: source.height, channels: 3 } });
  if (resized.width !== source.width || resized.height !== source.height) {
    pipeline = pipeline.resize(resized.width, resized.height, { fit: 'fill', kernel: 'lanczos3' });
  }
  const padRight = plan.size - resized.width - letterbox.left;
  const padBottom = plan.size - resized.height - letterbox.top;
  if (letterbox.left + letterbox.top + padRight + padBottom > 0) {
    pipeline = pipeline.extend({
      left: letterbox.left,
      top: letterbox.top,
      right: padRight,
      bottom: padBottom,
      background: { ...FRAME_DEFAULTS.letterbox, alpha: 1 },
    });
  }
  const data = await pipeline.removeAlpha().raw().toBuffer();
  if (data.length !== plan.size * plan.size * 3) {
    throw new Error(`frame has ${data.length} bytes, expected ${plan.size}×${plan.size}×3`);
  }
  return {
    width: plan.size,
    height: plan.size,
    data: new Uint8Array(data.buffer, data.byteOffset, data.length),
  };
}

/** x,y,z-interleaved points mapped into the frame (z scaled by the mean scale). */
export function transformPoints(points: Float32Array, t: FrameTransform): Float32Array {
  const out = new Float32Array(points.length);
  const scaleZ = (t.scaleX + t.scaleY) / 2;
  for (let i = 0; i < points.length; i += 3) {
    out[i] = points[i]! * t.scaleX + t.offsetX;
    out[i + 1] = points[i + 1]! * t.scaleY + t.offsetY;
    out[i + 2] = points[i + 2]! * scaleZ;
  }
  return out;
}

export function transformBox(box: FaceBox, t: FrameTransform): FaceBox {
  return {
    x: box.x * t.scaleX + t.offsetX,
    y: box.y * t.scaleY + t.offsetY,
    width: box.width * t.scaleX,
    height: box.height * t.scaleY,
  };
}

/** The content shift sharp introduces when resizing by `scale` (see the module comment). */
export function resizeShift(scale: number): number {
  return scale > 1 ? 0.5 : 0;
}

/** The square's start on one axis: centred on `centre`, moved inside [0, extent) when it fits. */
function placeSquare(centre: number, side: number, extent: number): number {
  const start = Math.round(centre - side / 2);
  const lo = Math.min(0, extent - side);
  const hi = Math.max(0, extent - side);
  return Math.min(hi, Math.max(lo, start));
}
