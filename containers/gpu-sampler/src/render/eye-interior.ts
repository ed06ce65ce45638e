/**
 * The eyeballs, redrawn after the warp inside each eye's target lid contour, so moving lids slide
 * over a still eyeball (a closing lid covers the iris instead of squashing it; the lid itself is the
 * warped lid skin, lash line included) and gaze moves the iris inside the eye.
 *
 * Notation (face-axis pixels, see opening-columns.ts): target pixel p; [top, bot] the target opening
 * at p's u; T the eye's head motion (mean displacement of its two corners); g the iris displacement
 * (gaze + head); w(p) = exp(-|p - c_t|² / 2 (1.3 r)²) a bump around the target iris centre c_t
 * (r = iris radius). The source point is
 *
 *   p_s = p - (T + (g - T) w(p))
 *
 * so the iris moves rigidly, the sclera stretches, the corners stay. Where p_s falls inside the
 * source opening the source is sampled there; where it does not (a raised lid reveals more eye) a
 * simple eyeball is synthesized: the iris disc in the iris colour, sclera elsewhere, both estimated
 * from the source, with a lid shadow. Coverage alpha = clamp(v - top + 1/2) clamp(bot - v + 1/2).
 * Zero motion samples the source at p: the identity.
 */
import type { RgbImage } from '../face/portrait.js';
import type { MeshTopology } from './mesh-topology.js';
import {
  type ColumnTable,
  columnAt,
  createColumnTable,
  faceUV,
  fillColumnTable,
  fromFaceUV,
  sampleRgb,
  unmoved,
} from './opening-columns.js';

export const EYE_INTERIOR_DEFAULTS = {
  /** Sclera and iris colours when the source eye is too small to sample, sRGB. */
  sclera: [205, 196, 190],
  iris: [70, 48, 36],
  /** Darkening under the upper lid for synthesized eyeball (fraction, decay px). @default [0.35, 2] */
  lidShadow: [0.35, 2],
} as const;

export interface EyeInterior {
  draw(out: Uint8Array, source: RgbImage, target: Float32Array, gazeShift: Float32Array): void;
}

interface Eye {
  upper: readonly number[];
  lower: readonly number[];
  iris: readonly number[];
  src: ColumnTable;
  dst: ColumnTable;
  radius: number;
  sclera: number[];
  irisColour: number[];
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

export function createEyeInterior(image: RgbImage, topology: MeshTopology): EyeInterior {
  const { frame, groups, base } = topology;
  const { width, height } = image;
  const rgb = new Float64Array(3);
  const eyes: Eye[] = (['L', 'R'] as const).map((side) => {
    const upper = side === 'L' ? groups.upperLidL : groups.upperLidR;
    const lower = side === 'L' ? groups.lowerLidL : groups.lowerLidR;
    const iris = side === 'L' ? groups.irisL : groups.irisR;
    const src = fillColumnTable(createColumnTable(1024), frame, base, upper, lower);
    const c = iris[0]!;
    const radius =
      iris
        .slice(1)
        .reduce(
          (s, v) => s + Math.hypot(base[v * 2]! - base[c * 2]!, base[v * 2 + 1]! - base[c * 2 + 1]!),
          0,
        ) / Math.max(1, iris.length - 1);
    const { sclera, irisColour } = estimateColours(image, topology, src, c, radius);
    return { upper, lower, iris, src, dst: createColumnTable(1024), radius, sclera, irisColour };
  });

  return {
    draw(out, source, target) {
      for (const eye of eyes) {
        const { upper, lower, src, dst, radius } = eye;
        if (unmoved(base, target, upper) && unmoved(base, target, lower) && unmoved(base, target, eye.iris))
          continue;
        fillColumnTable(dst, frame, target, upper, lower);
        let open = false;
        for (let i = 0; i < dst.count && !open; i++) open = dst.bottom[i]! - dst.top[i]! > 0.25;
        if (!open) continue;
        const a = upper[0]!;
        const b = upper[upper.length - 1]!;
        const tx = (target[a * 2]! - base[a * 2]! + target[b * 2]! - base[b * 2]!) / 2;
        const ty = (target[a * 2 + 1]! - base[a * 2 + 1]! + target[b * 2 + 1]! - base[b * 2 + 1]!) / 2;
        const c = eye.iris[0]!;
        const gx = target[c * 2]! - base[c * 2]!;
        const gy = target[c * 2 + 1]! - base[c * 2 + 1]!;
        const cx = target[c * 2]!;
        const cy = target[c * 2 + 1]!;
        const s2 = 2 * (1.3 * radius) ** 2;
        const [srcCu, srcCv] = faceUV(frame, base, c);
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
        const [shadow, decay] = EYE_INTERIOR_DEFAULTS.lidShadow;
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
            const w = Math.exp(-((x - cx) ** 2 + (y - cy) ** 2) / s2);
            const sx = x - (tx + (gx - tx) * w);
            const sy = y - (ty + (gy - ty) * w);
            const us = (sx - frame.ox) * frame.ux + (sy - frame.oy) * frame.uy;
            const vs = -(sx - frame.ox) * frame.uy + (sy - frame.oy) * frame.ux;
            const topS = columnAt(src, us, 0);
            const botS = columnAt(src, us, 1);
            let r: number;
            let g: number;
            let bl: number;
            // The lid margins (lashes, their shadow) follow the target lids; the eyeball between them
            // stays with the head (and the iris with the gaze).
            const bandU = Math.max(1, 0.22 * (botS - topS));
            const bandL = Math.max(0.7, 0.12 * (botS - topS));
            let vSample = vs;
            let visible = !Number.isNaN(topS);
            if (visible) {
              if (v - top < bandU) vSample = topS + (v - top);
              else if (bot - v < bandL) vSample = botS - (bot - v);
              else visible = vs >= topS + bandU - 0.5 && vs <= botS - bandL + 0.5;
            }
            if (visible) {
              if (vSample === vs) sampleRgb(source.data, width, height, sx, sy, rgb);
              else {
                const [ex, ey] = fromFaceUV(frame, us, vSample);
                sampleRgb(source.data, width, height, ex, ey, rgb);
              }
              [r, g, bl] = [rgb[0]!, rgb[1]!, rgb[2]!];
            } else {
              // Synthesized eyeball: iris disc around the (moved) source iris centre, sclera elsewhere.
              const dIris = Math.hypot(us - srcCu, vs - srcCv) - radius;
              const k = clamp01(0.5 - dIris);
              const lid = 1 - shadow * Math.exp(-Math.max(0, v - top - bandU) / decay);
              r = (eye.sclera[0]! + (eye.irisColour[0]! - eye.sclera[0]!) * k) * lid;
              g = (eye.sclera[1]! + (eye.irisColour[1]! - eye.sclera[1]!) * k) * lid;
              bl = (eye.sclera[2]! + (eye.irisColour[2]! - eye.sclera[2]!) * k) * lid;
            }
            const o = (y * width + x) * 3;
            out[o] = (out[o]! + (r - out[o]!) * alpha + 0.5) | 0;
            out[o + 1] = (out[o + 1]! + (g - out[o + 1]!) * alpha + 0.5) | 0;
            out[o + 2] = (out[o + 2]! + (bl - out[o + 2]!) * alpha + 0.5) | 0;
          }
        }
      }
    },
  };
}

/** Sclera: the 15-45% brightest of the source eye opening; iris: the mean within 0.6 r of its centre. */
function estimateColours(
  image: RgbImage,
  topology: MeshTopology,
  src: ColumnTable,
  centre: number,
  radius: number,
): { sclera: number[]; irisColour: number[] } {
  const { frame, base } = topology;
  const rgb = new Float64Array(3);
  const [cu, cv] = faceUV(frame, base, centre);
  const bright: number[][] = [];
  const iris: number[][] = [];
  for (let i = 0; i < src.count; i++) {
    const u = src.u0 + i * 0.5;
    for (let v = src.top[i]! + 1; v < src.bottom[i]! - 1; v += 0.5) {
      const [x, y] = fromFaceUV(frame, u, v);
      sampleRgb(image.data, image.width, image.height, x, y, rgb);
      const sample = [0.299 * rgb[0]! + 0.587 * rgb[1]! + 0.114 * rgb[2]!, rgb[0]!, rgb[1]!, rgb[2]!];
      if (Math.hypot(u - cu, v - cv) < 0.6 * radius) iris.push(sample);
      else bright.push(sample);
    }
  }
  const mean = (xs: number[][], fallback: readonly number[]) =>
    xs.length < 4 ? [...fallback] : [1, 2, 3].map((k) => xs.reduce((s, p) => s + p[k]!, 0) / xs.length);
  bright.sort((p, q) => q[0]! - p[0]!);
  return {
    sclera: mean(
      bright.slice(Math.floor(bright.length * 0.15), Math.ceil(bright.length * 0.45)),
      EYE_INTERIOR_DEFAULTS.sclera,
    ),
    irisColour: mean(iris, EYE_INTERIOR_DEFAULTS.iris),
  };
}
