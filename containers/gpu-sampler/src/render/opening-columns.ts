/**
 * Column tables for an opening bounded by two chains (the inner lips, or an eye's lids): for each
 * position u along the face's eye-line axis, the top and bottom of the opening along the down axis,
 * in pixels. Built per frame from the chains' current positions, sampled every half pixel.
 *
 * Face-axis pixel coordinates: u = (p - o) . x_axis, v = (p - o) . y_axis (o, axes of the face frame;
 * pixels, not inter-ocular units), so an in-plane-rotated face still has "columns".
 */
import type { FaceFrame } from './face-frame.js';

export interface ColumnTable {
  /** u of the first sample and the sample count (step 0.5 px); count 0 = no opening. */
  u0: number;
  count: number;
  top: Float32Array;
  bottom: Float32Array;
}

const STEP = 0.5;

export function createColumnTable(capacity = 4096): ColumnTable {
  return { u0: 0, count: 0, top: new Float32Array(capacity), bottom: new Float32Array(capacity) };
}

/** Face-axis pixel coordinates of vertex `v` of `points` (x,y interleaved). */
export function faceUV(frame: FaceFrame, points: Float32Array, v: number): [number, number] {
  const px = points[v * 2]! - frame.ox;
  const py = points[v * 2 + 1]! - frame.oy;
  return [px * frame.ux + py * frame.uy, -px * frame.uy + py * frame.ux];
}

/** Piecewise-linear v of a chain (sorted by u) at u; clamps at the ends. */
function chainAt(us: number[], vs: number[], u: number): number {
  if (u <= us[0]!) return vs[0]!;
  for (let i = 0; i + 1 < us.length; i++) {
    if (u <= us[i + 1]!) {
      const span = us[i + 1]! - us[i]!;
      const t = span > 1e-9 ? (u - us[i]!) / span : 0;
      return vs[i]! + (vs[i + 1]! - vs[i]!) * t;
    }
  }
  return vs[vs.length - 1]!;
}

/** Fills `table` for the opening between `upper` and `lower` (chains sharing their end points). */
export function fillColumnTable(
  table: ColumnTable,
  frame: FaceFrame,
  points: Float32Array,
  upper: readonly number[],
  lower: readonly number[],
): ColumnTable {
  const sorted = (chain: readonly number[]) => {
    const pts = chain.map((v) => faceUV(frame, points, v)).sort((a, b) => a[0] - b[0]);
    return { us: pts.map((p) => p[0]), vs: pts.map((p) => p[1]) };
  };
  const up = sorted(upper);
  const lo = sorted(lower);
  const u0 = Math.max(up.us[0]!, lo.us[0]!);
  const u1 = Math.min(up.us.at(-1)!, lo.us.at(-1)!);
  const count = Math.min(table.top.length, Math.max(0, Math.floor((u1 - u0) / STEP) + 1));
  table.u0 = u0;
  table.count = count;
  for (let i = 0; i < count; i++) {
    const u = u0 + i * STEP;
    table.top[i] = chainAt(up.us, up.vs, u);
    table.bottom[i] = chainAt(lo.us, lo.vs, u);
  }
  return table;
}

/** Linear lookup of top (which = 0) or bottom (which = 1) at u; NaN outside the table. */
export function columnAt(table: ColumnTable, u: number, which: 0 | 1): number {
  const f = (u - table.u0) / STEP;
  if (!(f >= 0) || f > table.count - 1) return Number.NaN;
  const i = Math.min(table.count - 2, Math.floor(f));
  if (i < 0) return (which === 0 ? table.top : table.bottom)[0]!;
  const arr = which === 0 ? table.top : table.bottom;
  const t = f - i;
  return arr[i]! + (arr[i + 1]! - arr[i]!) * t;
}

/** Face-axis pixel coordinates -> image pixel coordinates. */
export function fromFaceUV(frame: FaceFrame, u: number, v: number): [number, number] {
  return [frame.ox + u * frame.ux - v * frame.uy, frame.oy + u * frame.uy + v * frame.ux];
}

/** Bilinear RGB sample of an image at (x, y), clamped; writes into `rgb`. */
export function sampleRgb(
  data: Uint8Array,
  width: number,
  height: number,
  x: number,
  y: number,
  rgb: Float64Array,
): void {
  const px = Math.min(width - 1, Math.max(0, x));
  const py = Math.min(height - 1, Math.max(0, y));
  const ix = px | 0;
  const iy = py | 0;
  const fx = px - ix;
  const fy = py - iy;
  const p = (iy * width + ix) * 3;
  const r = ix < width - 1 ? 3 : 0;
  const q = iy < height - 1 ? p + width * 3 : p;
  for (let k = 0; k < 3; k++) {
    const top = data[p + k]! + (data[p + r + k]! - data[p + k]!) * fx;
    const bottom = data[q + k]! + (data[q + r + k]! - data[q + k]!) * fx;
    rgb[k] = top + (bottom - top) * fy;
  }
}

/** Whether every listed vertex is where it was (`a` and `b`: x,y interleaved). */
export function unmoved(a: Float32Array, b: Float32Array, vertices: readonly number[]): boolean {
  for (const v of vertices) if (a[v * 2] !== b[v * 2] || a[v * 2 + 1] !== b[v * 2 + 1]) return false;
  return true;
}
