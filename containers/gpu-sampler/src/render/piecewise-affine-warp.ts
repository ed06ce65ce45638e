/**
 * Piecewise-affine backward warp in typed arrays.
 *
 * Notation: for a triangle with target (destination) vertices P0, P1, P2 and source vertices
 * S0, S1, S2, the backward map is the affine A with A(Pk) = Sk:
 *
 *   A(p) = S0 + u (S1 - S0) + v (S2 - S0),
 *   u = ((p - P0) x (P2 - P0)) / det,  v = ((P1 - P0) x (p - P0)) / det,  det = (P1 - P0) x (P2 - P0)
 *
 * so `sx = a x + b y + c`, `sy = d x + e y + f` (coefficients computed once per triangle per frame).
 * Each target pixel (x, y) (pixel centres at integer coordinates) is filled with the bilinear
 * sample of the source at A(x, y), clamped to the image.
 *
 * Rasterisation: scanlines over the half-open row range [ceil(yTop), ceil(yBottom)) and, per row,
 * the half-open span [ceil(xLeft), ceil(xRight)). Edge crossings are computed from the edge's
 * endpoints ordered top to bottom, so two triangles sharing an edge compute the bit-identical
 * crossing and every pixel of a watertight mesh is written exactly once: no gaps, no double
 * writes. Vertex coordinates stay sub-pixel (never rounded). Triangles with (near) zero target area
 * are skipped; a degenerate *source* triangle is fine (the map is then just singular).
 */
import type { RgbImage } from '../face/portrait.js';

export const WARP_DEFAULTS = {
  /** Target triangles with |area| below this (px²) are skipped. @default 1e-6 */
  minArea: 1e-6,
} as const;

/**
 * Warps `source` into `out` (RGB, same size). `sourcePoints` / `targetPoints`: x,y per vertex;
 * `triangles`: vertex index triples. Pixels no triangle covers keep `out`'s previous content.
 * With `outHoldsSource` (the caller copied the source into `out`), triangles whose three vertices
 * did not move are skipped: the still background costs nothing.
 */
export function warpPiecewiseAffine(
  source: RgbImage,
  sourcePoints: Float32Array,
  targetPoints: Float32Array,
  triangles: Uint32Array,
  out: Uint8Array,
  options: { readonly outHoldsSource?: boolean } = {},
): void {
  const { width: w, height: h, data: src } = source;
  if (out.length < w * h * 3) throw new RangeError(`out holds ${out.length} bytes, need ${w * h * 3}`);
  if (out === src) throw new RangeError('out must not alias the source image');
  const skipIdentity = options.outHoldsSource === true;
  const stride = w * 3;
  for (let t = 0; t < triangles.length; t += 3) {
    const i0 = triangles[t]! * 2;
    const i1 = triangles[t + 1]! * 2;
    const i2 = triangles[t + 2]! * 2;
    const x0 = targetPoints[i0]!;
    const y0 = targetPoints[i0 + 1]!;
    const e1x = targetPoints[i1]! - x0;
    const e1y = targetPoints[i1 + 1]! - y0;
    const e2x = targetPoints[i2]! - x0;
    const e2y = targetPoints[i2 + 1]! - y0;
    const det = e1x * e2y - e1y * e2x;
    if (!(Math.abs(det) > WARP_DEFAULTS.minArea * 2)) continue;
    const sx0 = sourcePoints[i0]!;
    const sy0 = sourcePoints[i0 + 1]!;
    if (
      skipIdentity &&
      sx0 === x0 &&
      sy0 === y0 &&
      sourcePoints[i1] === targetPoints[i1] &&
      sourcePoints[i1 + 1] === targetPoints[i1 + 1] &&
      sourcePoints[i2] === targetPoints[i2] &&
      sourcePoints[i2 + 1] === targetPoints[i2 + 1]
    ) {
      continue;
    }
    const s1x = sourcePoints[i1]! - sx0;
    const s1y = sourcePoints[i1 + 1]! - sy0;
    const s2x = sourcePoints[i2]! - sx0;
    const s2y = sourcePoints[i2 + 1]! - sy0;
    const inv = 1 / det;
    const a = (s1x * e2y - s2x * e1y) * inv;
    const b = (s2x * e1x - s1x * e2x) * inv;
    const d = (s1y * e2y - s2y * e1y) * inv;
    const e = (s2y * e1x - s1y * e2x) * inv;
    const c = sx0 - a * x0 - b * y0;
    const f = sy0 - d * x0 - e * y0;

    // Sort the target vertices top to bottom (ties by x) for the scanline edges.
    let ta = i0;
    let tb = i1;
    let tc = i2;
    const above = (p: number, q: number) => {
      const py = targetPoints[p + 1]!;
      const qy = targetPoints[q + 1]!;
      return py < qy || (py === qy && targetPoints[p]! < targetPoints[q]!);
    };
    if (above(tb, ta)) [ta, tb] = [tb, ta];
    if (above(tc, tb)) [tb, tc] = [tc, tb];
    if (above(tb, ta)) [ta, tb] = [tb, ta];
    const ax = targetPoints[ta]!;
    const ay = targetPoints[ta + 1]!;
    const bx = targetPoints[tb]!;
    const by = targetPoints[tb + 1]!;
    const cx = targetPoints[tc]!;
    const cy = targetPoints[tc + 1]!;
    const yStart = Math.max(0, Math.ceil(ay));
    const yEnd = Math.min(h, Math.ceil(cy));
    const longSlope = (cx - ax) / (cy - ay);
    const upperSlope = by > ay ? (bx - ax) / (by - ay) : 0;
    const lowerSlope = cy > by ? (cx - bx) / (cy - by) : 0;
    for (let y = yStart; y < yEnd; y++) {
      const xLong = ax + (y - ay) * longSlope;
      const xShort = y < by ? ax + (y - ay) * upperSlope : bx + (y - by) * lowerSlope;
      let xl = xLong;
      let xr = xShort;
      if (xl > xr) {
        xl = xShort;
        xr = xLong;
      }
      const xs = Math.max(0, Math.ceil(xl));
      const xe = Math.min(w, Math.ceil(xr));
      if (xs >= xe) continue;
      const sx = a * xs + b * y + c;
      const sy = d * xs + e * y + f;
      const n = xe - xs;
      const o = (y * w + xs) * 3;
      const ex = sx + a * n;
      const ey = sy + d * n;
      if (
        Math.abs(sx) < FIXED_LIMIT &&
        Math.abs(sy) < FIXED_LIMIT &&
        Math.abs(ex) < FIXED_LIMIT &&
        Math.abs(ey) < FIXED_LIMIT
      ) {
        spanFixed(src, stride, w, h, out, o, n, sx, sy, a, d);
      } else {
        spanFloat(src, stride, w, h, out, o, n, sx, sy, a, d);
      }
    }
  }
}

/** Source coordinates beyond this (px) use the float span (16.16 fixed point would overflow). */
const FIXED_LIMIT = 16_000;
const ONE = 65_536;

/**
 * One span in 16.16 fixed point with 8-bit bilinear weights: about 1.4x faster than floats, and
 * exact for an identity map (integer source coordinates give zero weights).
 */
function spanFixed(
  src: Uint8Array,
  stride: number,
  w: number,
  h: number,
  out: Uint8Array,
  o: number,
  n: number,
  sx: number,
  sy: number,
  a: number,
  d: number,
): void {
  const maxX = (w - 1) * ONE;
  const maxY = (h - 1) * ONE;
  const lastX = w - 1;
  const lastY = h - 1;
  const da = Math.round(a * ONE);
  const dd = Math.round(d * ONE);
  let fx = Math.round(sx * ONE);
  let fy = Math.round(sy * ONE);
  for (let i = 0; i < n; i++, o += 3, fx += da, fy += dd) {
    const px = fx < 0 ? 0 : fx > maxX ? maxX : fx;
    const py = fy < 0 ? 0 : fy > maxY ? maxY : fy;
    const ix = px >> 16;
    const iy = py >> 16;
    const p = iy * stride + ix * 3;
    // At the last column / row the neighbour is the pixel itself (its weight is 0 there anyway).
    const r = ix < lastX ? 3 : 0;
    const q = iy < lastY ? p + stride : p;
    const wx = (px >> 8) & 255;
    const wy = (py >> 8) & 255;
    let t = src[p]!;
    let u = src[q]!;
    t = (t << 8) + (src[p + r]! - t) * wx;
    u = (u << 8) + (src[q + r]! - u) * wx;
    out[o] = ((t << 8) + (u - t) * wy + 32768) >> 16;
    t = src[p + 1]!;
    u = src[q + 1]!;
    t = (t << 8) + (src[p + r + 1]! - t) * wx;
    u = (u << 8) + (src[q + r + 1]! - u) * wx;
    out[o + 1] = ((t << 8) + (u - t) * wy + 32768) >> 16;
    t = src[p + 2]!;
    u = src[q + 2]!;
    t = (t << 8) + (src[p + r + 2]! - t) * wx;
    u = (u << 8) + (src[q + r + 2]! - u) * wx;
    out[o + 2] = ((t << 8) + (u - t) * wy + 32768) >> 16;
  }
}

/** One span in floating point (any coordinates), clamped to the image. */
function spanFloat(
  src: Uint8Array,
  stride: number,
  w: number,
  h: number,
  out: Uint8Array,
  o: number,
  n: number,
  sx: number,
  sy: number,
  a: number,
  d: number,
): void {
  const maxX = w - 1;
  const maxY = h - 1;
  for (let i = 0; i < n; i++, o += 3, sx += a, sy += d) {
    const px = sx < 0 ? 0 : sx > maxX ? maxX : sx;
    const py = sy < 0 ? 0 : sy > maxY ? maxY : sy;
    const ix = px | 0;
    const iy = py | 0;
    const fx = px - ix;
    const fy = py - iy;
    const p = iy * stride + ix * 3;
    const r = ix < maxX ? 3 : 0;
    const q = iy < maxY ? p + stride : p;
    const w11 = fx * fy;
    const w10 = fx - w11;
    const w01 = fy - w11;
    const w00 = 1 - fx - w01;
    out[o] = (src[p]! * w00 + src[p + r]! * w10 + src[q]! * w01 + src[q + r]! * w11 + 0.5) | 0;
    out[o + 1] =
      (src[p + 1]! * w00 + src[p + r + 1]! * w10 + src[q + 1]! * w01 + src[q + r + 1]! * w11 + 0.5) | 0;
    out[o + 2] =
      (src[p + 2]! * w00 + src[p + r + 2]! * w10 + src[q + 2]! * w01 + src[q + r + 2]! * w11 + 0.5) | 0;
  }
}
