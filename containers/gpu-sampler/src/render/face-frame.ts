/**
 * The canonical face frame: origin midway between the eye centres, x along the eye line from the
 * subject's right eye to the subject's left eye (image left to image right in a frontal portrait),
 * y perpendicular to it pointing down the face, unit = inter-ocular distance (IOD).
 *
 * The deformation basis, the wrinkle maps and the mouth/eye passes are authored in this frame, so
 * they follow an in-plane-rotated or scaled face.
 */

export interface FaceFrame {
  /** Origin in image pixels. */
  readonly ox: number;
  readonly oy: number;
  /** Unit x axis (eye line) in image coordinates. */
  readonly ux: number;
  readonly uy: number;
  /** Inter-ocular distance in pixels (the unit). */
  readonly iod: number;
}

/** Mean of the listed landmarks (x, y) from an interleaved x,y,z array. */
export function centroid(landmarks: Float32Array, indices: readonly number[], stride = 3): [number, number] {
  let x = 0;
  let y = 0;
  for (const i of indices) {
    x += landmarks[i * stride] as number;
    y += landmarks[i * stride + 1] as number;
  }
  return [x / indices.length, y / indices.length];
}

/** The frame from the two eye-contour centroids (subject's right eye, subject's left eye). */
export function faceFrameFromEyes(
  right: readonly [number, number],
  left: readonly [number, number],
): FaceFrame {
  const dx = left[0] - right[0];
  const dy = left[1] - right[1];
  const iod = Math.hypot(dx, dy);
  if (!(iod > 1e-3)) throw new RangeError(`degenerate eye positions (inter-ocular distance ${iod})`);
  return { ox: (left[0] + right[0]) / 2, oy: (left[1] + right[1]) / 2, ux: dx / iod, uy: dy / iod, iod };
}

/** Image point -> canonical point. */
export function toCanonical(f: FaceFrame, x: number, y: number): [number, number] {
  const px = x - f.ox;
  const py = y - f.oy;
  return [(px * f.ux + py * f.uy) / f.iod, (-px * f.uy + py * f.ux) / f.iod];
}

/** Canonical point -> image point. */
export function toImage(f: FaceFrame, cx: number, cy: number): [number, number] {
  return [f.ox + (cx * f.ux - cy * f.uy) * f.iod, f.oy + (cx * f.uy + cy * f.ux) * f.iod];
}

/** Canonical displacement -> image displacement (pixels). */
export function vectorToImage(f: FaceFrame, dx: number, dy: number): [number, number] {
  return [(dx * f.ux - dy * f.uy) * f.iod, (dx * f.uy + dy * f.ux) * f.iod];
}
