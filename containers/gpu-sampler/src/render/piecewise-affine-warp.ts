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
import { createSpanKernel, SPAN_RECORD_BYTES } from './warp-span-kernel.js';

export const WARP_DEFAULTS = {
  /** Target triangles with |area| below this (px²) are skipped. @default 1e-6 */
  minArea: 1e-6,
} as const;

/**
 * Warps `source` into `out` (RGB, same size). `sourcePoints` / `targetPoints`: x,y per vertex;
 * `triangles`: vertex index triples. Pixels no triangle covers keep `out`'s previous content.
 * With `outHoldsSource` (the caller copied the source into `out`), triangles whose three vertices
 * did not move are skipped: the still background costs nothing.
 *
 * All in JavaScript; `createPiecewiseAffineWarp` gives the same bytes faster (its inner loop in
 * WebAssembly), for a renderer that warps frame after frame.
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
  rasterise(
    src,
    w,
    h,
    sourcePoints,
    targetPoints,
    triangles,
    out,
    options.outHoldsSource === true,
    undefined,
  );
}

/** A warp of one image size whose images live in the WebAssembly kernel's memory. */
export interface PiecewiseAffineWarp {
  readonly width: number;
  readonly height: number;
  /** The image to warp (RGB, width·height·3): write it here before `warp`. */
  readonly source: Uint8Array;
  /** The warped image (RGB): `source` with the moved triangles warped, after `warp`. */
  readonly target: Uint8Array;
  /** target <- source, then the triangles that moved warped (as warpPiecewiseAffine, outHoldsSource). */
  warp(sourcePoints: Float32Array, targetPoints: Float32Array, triangles: Uint32Array): void;
}

export const WARP_KERNEL_DEFAULTS = {
  /** Span records buffered before the kernel runs them. @default 4096 */
  spanBatch: 4096,
} as const;

/**
 * The warp of warpPiecewiseAffine with its interior spans (all but those whose 2x2 neighbourhoods
 * leave the image, and far-out float ones) batched into the WebAssembly kernel
 * (warp-span-kernel.ts): the same bytes. Spans run in the order the JS warp runs them (the batch is
 * flushed before any span JavaScript fills), so overlapping triangles overwrite as they do there.
 */
export function createPiecewiseAffineWarp(width: number, height: number): PiecewiseAffineWarp {
  const bytes = width * height * 3;
  const batch = WARP_KERNEL_DEFAULTS.spanBatch;
  const listBytes = batch * SPAN_RECORD_BYTES;
  const kernel = createSpanKernel(listBytes + 2 * bytes);
  const { buffer } = kernel;
  const sourceAt = listBytes;
  const targetAt = listBytes + bytes;
  const source = new Uint8Array(buffer, sourceAt, bytes);
  const target = new Uint8Array(buffer, targetAt, bytes);
  const sink: SpanSink = {
    records: new Int32Array(buffer, 0, batch * (SPAN_RECORD_BYTES / 4)),
    count: 0,
    capacity: batch,
    flush() {
      if (sink.count > 0) kernel.runSpans(0, sink.count, sourceAt, targetAt, width * 3);
      sink.count = 0;
    },
  };
  return {
    width,
    height,
    source,
    target,
    warp(sourcePoints, targetPoints, triangles) {
      target.set(source);
      rasterise(source, width, height, sourcePoints, targetPoints, triangles, target, true, sink);
      sink.flush();
    },
  };
}

/** Interior spans waiting for the kernel: six i32 each (see warp-span-kernel.ts). */
interface SpanSink {
  readonly records: Int32Array;
  count: number;
  readonly capacity: number;
  flush(): void;
}

/**
 * The warp itself (see the module comment): every span is filled here in JavaScript, or, given a
 * `sink`, the interior ones are queued for the kernel.
 */
function rasterise(
  src: Uint8Array,
  w: number,
  h: number,
  sourcePoints: Float32Array,
  targetPoints: Float32Array,
  triangles: Uint32Array,
  out: Uint8Array,
  skipIdentity: boolean,
  sink: SpanSink | undefined,
): void {
  const stride = w * 3;
  // Interior source positions (16.16): 0 <= f <= hi, so the 2x2 neighbourhood is inside the image.
  const hiX = (w - 1) * ONE - 1;
  const hiY = (h - 1) * ONE - 1;
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
    let swap = 0;
    if (above(targetPoints, tb, ta)) {
      swap = ta;
      ta = tb;
      tb = swap;
    }
    if (above(targetPoints, tc, tb)) {
      swap = tb;
      tb = tc;
      tc = swap;
    }
    if (above(targetPoints, tb, ta)) {
      swap = ta;
      ta = tb;
      tb = swap;
    }
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
    // 16.16 steps along a row (the same for every span of the triangle).
    const da = Math.round(a * ONE);
    const dd = Math.round(d * ONE);
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
        !(
          Math.abs(sx) < FIXED_LIMIT &&
          Math.abs(sy) < FIXED_LIMIT &&
          Math.abs(ex) < FIXED_LIMIT &&
          Math.abs(ey) < FIXED_LIMIT
        )
      ) {
        sink?.flush();
        spanFloat(src, stride, w, h, out, o, n, sx, sy, a, d);
        continue;
      }
      const fx = Math.round(sx * ONE);
      const fy = Math.round(sy * ONE);
      // The source positions are linear along the span: both ends inside -> all inside.
      const lx = fx + (n - 1) * da;
      const ly = fy + (n - 1) * dd;
      if (fx < 0 || fy < 0 || fx > hiX || fy > hiY || lx < 0 || ly < 0 || lx > hiX || ly > hiY) {
        sink?.flush();
        spanFixedClamped(src, stride, w, h, out, o, n, fx, fy, da, dd);
      } else if (sink) {
        const k = sink.count * 6;
        const records = sink.records;
        records[k] = o;
        records[k + 1] = n;
        records[k + 2] = fx;
        records[k + 3] = fy;
        records[k + 4] = da;
        records[k + 5] = dd;
        if (++sink.count === sink.capacity) sink.flush();
      } else {
        spanInterior(src, stride, out, o, n, fx, fy, da, dd);
      }
    }
  }
}

/** Source coordinates beyond this (px) use the float span (16.16 fixed point would overflow). */
const FIXED_LIMIT = 16_000;
const ONE = 65_536;

/** Whether target vertex `p` (an x index) is above `q`: smaller y, ties by smaller x. */
function above(points: Float32Array, p: number, q: number): boolean {
  const py = points[p + 1]!;
  const qy = points[q + 1]!;
  return py < qy || (py === qy && points[p]! < points[q]!);
}

/**
 * One span in 16.16 fixed point with 8-bit bilinear weights: about 1.4x faster than floats, and
 * exact for an identity map (integer source coordinates give zero weights). `fx`, `fy`: the first
 * pixel's source position, `da`, `dd`: its step per pixel (all 16.16). Interior spans only (every
 * 2x2 neighbourhood inside the image); warp-span-kernel.ts is this loop in WebAssembly.
 */
function spanInterior(
  src: Uint8Array,
  stride: number,
  out: Uint8Array,
  o: number,
  n: number,
  fx: number,
  fy: number,
  da: number,
  dd: number,
): void {
  for (let i = 0; i < n; i++, o += 3, fx += da, fy += dd) {
    const p = (fy >> 16) * stride + (fx >> 16) * 3;
    const q = p + stride;
    const wx = (fx >> 8) & 255;
    const wy = (fy >> 8) & 255;
    let t = src[p]!;
    let u = src[q]!;
    t = (t << 8) + (src[p + 3]! - t) * wx;
    u = (u << 8) + (src[q + 3]! - u) * wx;
    out[o] = ((t << 8) + (u - t) * wy + 32768) >> 16;
    t = src[p + 1]!;
    u = src[q + 1]!;
    t = (t << 8) + (src[p + 4]! - t) * wx;
    u = (u << 8) + (src[q + 4]! - u) * wx;
    out[o + 1] = ((t << 8) + (u - t) * wy + 32768) >> 16;
    t = src[p + 2]!;
    u = src[q + 2]!;
    t = (t << 8) + (src[p + 5]! - t) * wx;
    u = (u << 8) + (src[q + 5]! - u) * wx;
    out[o + 2] = ((t << 8) + (u - t) * wy + 32768) >> 16;
  }
}

/** A 16.16 span with each source position clamped to the image (the last row / column repeated). */
function spanFixedClamped(
  src: Uint8Array,
  stride: number,
  w: number,
  h: number,
  out: Uint8Array,
  o: number,
  n: number,
  fx: number,
  fy: number,
  da: number,
  dd: number,
): void {
  const maxX = (w - 1) * ONE;
  const maxY = (h - 1) * ONE;
  const lastX = w - 1;
  const lastY = h - 1;
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
