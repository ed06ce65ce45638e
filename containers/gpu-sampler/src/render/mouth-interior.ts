/**
 * The mouth interior, drawn after the warp inside the target inner-lip contour.
 *
 * Notation (face-axis pixels, see opening-columns.ts): for a target pixel p = (u, v), [top, bot] is
 * the target opening at u; H is the head's in-plane similarity (the upper jaw and its teeth move with
 * the head, not with the upper lip); p_s = H^-1 p = (u_s, v_s) and [top_s, bot_s] the source opening
 * at u_s.
 *   1. upper-jaw zone, v_s <= bot_s: the source's own interior (its teeth) at p_s, clamped into the
 *      source opening (so a raised upper lip shows more of the same teeth).
 *   2. below it, where the jaw opened beyond the source: a synthesized interior: a dark cavity
 *      (darker towards the corners), a tongue hint at the bottom centre and a lower-teeth band just
 *      above the target lower lip (it moves with the jaw). If the source mouth was closed, an
 *      upper-teeth band hangs below the source lip line (fixed to the head).
 *   3. coverage: alpha = clamp(v - top + 1/2) * clamp(bot - v + 1/2) anti-aliases the lip edges;
 *      zones blend over ~1.5 px.
 *   4. seam: where lips that were apart in the source meet in the target, the warp leaves no line
 *      between them (the opening collapses) but a rim of the source's teeth (the mesh's inner-lip
 *      contour runs a pixel or two inside the lips). With c = clamp(1 - gap / g0) clamp(gap_s / g0 - 1)
 *      (closing, and open in the source) and m = (top + bot)/2 the meeting line: pixels within b of m
 *      are refilled with weight c from the lip body at m -+ (b + 1.5) on their own side, then a seam
 *      is drawn: I <- I + (C - I) k, k = s G(v - m; sigma) c, C the deep cavity colour, G a unit
 *      Gaussian, s the seam strength (fading over the outermost tenth towards each corner).
 * A closed target mouth draws only the seam (nothing for a closed source); zero motion reproduces
 * the source (zone 1 samples it at p).
 */
import type { RgbImage } from '../face/portrait.js';
import type { MeshTopology } from './mesh-topology.js';
import {
  columnAt,
  createColumnTable,
  faceUV,
  fillColumnTable,
  fromFaceUV,
  sampleRgb,
  unmoved,
} from './opening-columns.js';

export const MOUTH_INTERIOR_DEFAULTS = {
  /** Cavity colour (deep, and at the bottom), sRGB. @default [[34, 10, 12], [92, 34, 36]] */
  cavity: [
    [34, 10, 12],
    [92, 34, 36],
  ],
  /** Tongue colour, sRGB. @default [150, 62, 66] */
  tongue: [150, 62, 66],
  /** Teeth colour when the source shows none, sRGB. @default [222, 216, 202] */
  teeth: [222, 216, 202],
  /** Lower-teeth band height, inter-ocular units (capped to a quarter of the opening). @default 0.045 */
  lowerTeeth: 0.045,
  /** Upper teeth shown below a closed source's lip line, inter-ocular units. @default 0.06 */
  upperTeeth: 0.06,
  /** A source opening narrower than this (px) counts as closed. @default 2 */
  closedGap: 2,
  /**
   * Lip seam: strength s, half-width sigma (IOD, at least 0.6 px), gap scale g0 (IOD), refilled band
   * half-width b (IOD, at least 1.5 px). @default [0.4, 0.016, 0.03, 0.03]
   */
  seam: [0.4, 0.016, 0.03, 0.03],
} as const;

export interface MouthInterior {
  draw(out: Uint8Array, source: RgbImage, target: Float32Array, headTransform: Float32Array): void;
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

export function createMouthInterior(image: RgbImage, topology: MeshTopology): MouthInterior {
  const { frame, groups, base } = topology;
  const { width, height } = image;
  const d = MOUTH_INTERIOR_DEFAULTS;
  const upper = groups.upperLipInner;
  const lower = groups.lowerLipInner;
  const src = fillColumnTable(createColumnTable(), frame, base, upper, lower);
  let maxGap = 0;
  for (let i = 0; i < src.count; i++) maxGap = Math.max(maxGap, src.bottom[i]! - src.top[i]!);
  const sourceOpen = maxGap > d.closedGap;
  const teeth = sourceOpen ? estimateTeeth(image, topology, src) : d.teeth.map(Number);
  const dst = createColumnTable();
  const rgb = new Float64Array(3);
  const iod = frame.iod;
  const [seamStrength, seamWidth, seamGap, seamBand] = d.seam;
  const sigma = Math.max(0.6, seamWidth * iod);
  const g0 = seamGap * iod;
  const band = Math.max(1.5, seamBand * iod);

  /**
   * 4. Where source-open lips meet: the band of half-width b around the meeting line m is refilled
   *    from the lip bodies just beyond it (the source's inner lip edges carry slivers of the teeth,
   *    which would otherwise stay as a bright rim along the closed mouth), then the seam is darkened.
   */
  const drawSeam = (out: Uint8Array, target: Float32Array) => {
    const reach = Math.max(3 * sigma, band) + 2;
    const [cr, cg, cb] = d.cavity[0];
    let x0 = Number.POSITIVE_INFINITY;
    let y0 = Number.POSITIVE_INFINITY;
    let x1 = Number.NEGATIVE_INFINITY;
    let y1 = Number.NEGATIVE_INFINITY;
    for (const v of [...upper, ...lower]) {
      x0 = Math.min(x0, target[v * 2]!);
      x1 = Math.max(x1, target[v * 2]!);
      y0 = Math.min(y0, target[v * 2 + 1]!);
      y1 = Math.max(y1, target[v * 2 + 1]!);
    }
    const span = Math.max(1, (dst.count - 1) * 0.5);
    for (let y = Math.max(0, Math.floor(y0 - reach)); y <= Math.min(height - 1, Math.ceil(y1 + reach)); y++) {
      for (let x = Math.max(0, Math.floor(x0 - 1)); x <= Math.min(width - 1, Math.ceil(x1 + 1)); x++) {
        const px = x + 0.5 - frame.ox;
        const py = y + 0.5 - frame.oy;
        const u = px * frame.ux + py * frame.uy;
        const v = -px * frame.uy + py * frame.ux;
        const top = columnAt(dst, u, 0);
        if (Number.isNaN(top)) continue;
        const bot = columnAt(dst, u, 1);
        const m = (top + bot) / 2;
        const dv = v - m;
        if (Math.abs(dv) > reach) continue;
        const topS = columnAt(src, u, 0);
        const gapS = Number.isNaN(topS) ? 0 : columnAt(src, u, 1) - topS;
        const closing = clamp01(1 - (bot - top) / g0) * clamp01(gapS / g0 - 1);
        if (!(closing > 0)) continue;
        const o = (y * width + x) * 3;
        // Refill from just beyond the band, on this pixel's side (the upper lip above m, the lower below).
        const fill = closing * clamp01(band + 0.5 - Math.abs(dv));
        if (fill > 0) {
          const [sx, sy] = fromFaceUV(frame, u, m + (dv < 0 ? -1 : 1) * (band + 1.5));
          sampleRgb(out, width, height, sx - 0.5, sy - 0.5, rgb);
          for (let c = 0; c < 3; c++) out[o + c] = (out[o + c]! + (rgb[c]! - out[o + c]!) * fill + 0.5) | 0;
        }
        const t = (u - dst.u0) / span;
        const k =
          seamStrength *
          closing *
          clamp01(Math.min(t, 1 - t) / 0.1) *
          Math.exp(-(dv * dv) / (2 * sigma * sigma));
        if (k <= 0.005) continue;
        out[o] = (out[o]! + (cr - out[o]!) * k + 0.5) | 0;
        out[o + 1] = (out[o + 1]! + (cg - out[o + 1]!) * k + 0.5) | 0;
        out[o + 2] = (out[o + 2]! + (cb - out[o + 2]!) * k + 0.5) | 0;
      }
    }
  };

  return {
    draw(out, source, target, h) {
      // Nothing moved (the warp left the source there): nothing to draw.
      const still = h[0] === 1 && h[1] === 0 && h[2] === 0 && h[3] === 0;
      if (still && unmoved(base, target, upper) && unmoved(base, target, lower)) return;
      fillColumnTable(dst, frame, target, upper, lower);
      if (sourceOpen) drawSeam(out, target);
      let open = false;
      for (let i = 0; i < dst.count && !open; i++) open = dst.bottom[i]! - dst.top[i]! > 0.25;
      if (!open) return;
      let x0 = Number.POSITIVE_INFINITY;
      let y0 = Number.POSITIVE_INFINITY;
      let x1 = Number.NEGATIVE_INFINITY;
      let y1 = Number.NEGATIVE_INFINITY;
      for (const v of [...upper, ...lower]) {
        x0 = Math.min(x0, target[v * 2]!);
        x1 = Math.max(x1, target[v * 2]!);
        y0 = Math.min(y0, target[v * 2 + 1]!);
        y1 = Math.max(y1, target[v * 2 + 1]!);
      }
      const [c, s, tx, ty] = [h[0]!, h[1]!, h[2]!, h[3]!];
      const uMid = dst.u0 + (dst.count - 1) * 0.25;
      const halfWidth = Math.max(1, (dst.count - 1) * 0.25);
      for (let y = Math.max(0, Math.floor(y0) - 1); y <= Math.min(height - 1, Math.ceil(y1) + 1); y++) {
        for (let x = Math.max(0, Math.floor(x0) - 1); x <= Math.min(width - 1, Math.ceil(x1) + 1); x++) {
          const px = x - frame.ox;
          const py = y - frame.oy;
          const u = px * frame.ux + py * frame.uy;
          const v = -px * frame.uy + py * frame.ux;
          const top = columnAt(dst, u, 0);
          const bot = columnAt(dst, u, 1);
          if (Number.isNaN(top)) continue;
          const alpha = clamp01(v - top + 0.5) * clamp01(bot - v + 0.5);
          if (alpha <= 0) continue;
          // p_s = H^-1 p in face-axis coordinates.
          const qx = c * (x - tx) + s * (y - ty) - frame.ox;
          const qy = -s * (x - tx) + c * (y - ty) - frame.oy;
          const us = qx * frame.ux + qy * frame.uy;
          const vs = -qx * frame.uy + qy * frame.ux;
          const topS = columnAt(src, us, 0);
          const botS = columnAt(src, us, 1);
          let wSrc = 0;
          if (sourceOpen && !Number.isNaN(topS) && botS - topS > 0.5) {
            wSrc = clamp01((botS + 2 - vs) / 1.5);
          }
          // Synthesized interior.
          const gap = Math.max(1, bot - top);
          const rel = clamp01((v - top) / gap);
          const side = clamp01(Math.abs(u - uMid) / halfWidth);
          const shade = 1 - 0.55 * side * side;
          let r = (d.cavity[0][0] + (d.cavity[1][0] - d.cavity[0][0]) * rel * rel) * shade;
          let g = (d.cavity[0][1] + (d.cavity[1][1] - d.cavity[0][1]) * rel * rel) * shade;
          let b = (d.cavity[0][2] + (d.cavity[1][2] - d.cavity[0][2]) * rel * rel) * shade;
          const tongue = clamp01((v - (bot - 0.45 * gap)) / (0.25 * gap)) * (1 - side) * 0.8;
          r += (d.tongue[0] * shade - r) * tongue;
          g += (d.tongue[1] * shade - g) * tongue;
          b += (d.tongue[2] * shade - b) * tongue;
          const lowerH = Math.min(d.lowerTeeth * iod, 0.25 * gap);
          const lowerT = clamp01(v - (bot - lowerH)) * (1 - 0.7 * side) * 0.75;
          r += (teeth[0]! * 0.8 - r) * lowerT;
          g += (teeth[1]! * 0.8 - g) * lowerT;
          b += (teeth[2]! * 0.8 - b) * lowerT;
          if (!sourceOpen && !Number.isNaN(topS)) {
            const line = (topS + botS) / 2 + d.upperTeeth * iod;
            const upperT = clamp01(line - vs) * (1 - 0.6 * side);
            r += (teeth[0]! * 0.92 - r) * upperT;
            g += (teeth[1]! * 0.92 - g) * upperT;
            b += (teeth[2]! * 0.92 - b) * upperT;
          }
          if (wSrc > 0) {
            const vc = Math.min(botS + 0.5, Math.max(topS - 0.5, vs));
            const [sx, sy] = fromFaceUV(frame, us, vc);
            sampleRgb(source.data, width, height, sx, sy, rgb);
            r += (rgb[0]! - r) * wSrc;
            g += (rgb[1]! - g) * wSrc;
            b += (rgb[2]! - b) * wSrc;
          }
          const o = (y * width + x) * 3;
          out[o] = (out[o]! + (r - out[o]!) * alpha + 0.5) | 0;
          out[o + 1] = (out[o + 1]! + (g - out[o + 1]!) * alpha + 0.5) | 0;
          out[o + 2] = (out[o + 2]! + (b - out[o + 2]!) * alpha + 0.5) | 0;
        }
      }
    },
  };
}

/** Teeth colour: the brighter 40% of the source's mouth-interior pixels (mean RGB). */
function estimateTeeth(
  image: RgbImage,
  topology: MeshTopology,
  src: ReturnType<typeof createColumnTable>,
): number[] {
  const { frame, groups, base } = topology;
  const pts = [...groups.upperLipInner, ...groups.lowerLipInner].map((v) => faceUV(frame, base, v));
  const samples: [number, number, number, number][] = [];
  const rgb = new Float64Array(3);
  for (let i = 0; i < src.count; i++) {
    const u = src.u0 + i * 0.5;
    for (let v = src.top[i]! + 1; v < src.bottom[i]! - 1; v += 1) {
      const [x, y] = fromFaceUV(frame, u, v);
      sampleRgb(image.data, image.width, image.height, x, y, rgb);
      samples.push([0.299 * rgb[0]! + 0.587 * rgb[1]! + 0.114 * rgb[2]!, rgb[0]!, rgb[1]!, rgb[2]!]);
    }
  }
  if (samples.length < 8 || pts.length === 0) return MOUTH_INTERIOR_DEFAULTS.teeth.map(Number);
  samples.sort((a, b) => b[0] - a[0]);
  const top = samples.slice(0, Math.max(1, Math.floor(samples.length * 0.4)));
  return [1, 2, 3].map((k) => top.reduce((s, p) => s + p[k]!, 0) / top.length);
}
