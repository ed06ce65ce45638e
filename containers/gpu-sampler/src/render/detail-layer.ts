/**
 * The source's own expression detail, as a log-ratio map that removes it: a local band-pass of each
 * colour channel (between a fine and a coarse low-pass, so skin texture and freckles stay) inside the
 * regions a smile shapes: nasolabial folds, cheek bulges, the lower-lid bulge and crow's feet area.
 *
 *   B_s^c = blur(I^c; r_s), B_l^c = blur(I^c; r_l)   (three box passes each ~ a Gaussian; typed arrays)
 *   A^c   = mask * clamp(log((B_l^c + 1) / (B_s^c + 1)), -0.6, 0.6)
 *
 * Applying A with weight a in [0, 1] multiplies channel c by (B_l^c / B_s^c)^a: at a = 1 the folds'
 * shading is replaced by the coarse surface shading, in colour as well (a fold's shadow is redder than
 * the skin around it, and a highlight whiter: a luminance-only ratio would leave an orange line and a
 * grey patch). r_l is about a fold's width, so the folds and the smile's cheek highlights go, the
 * face's broad shading stays. Computed once per portrait; `data` holds 3 values per pixel.
 */
import type { RgbImage } from '../face/portrait.js';
import { centroid, toCanonical, toImage } from './face-frame.js';
import type { MeshTopology } from './mesh-topology.js';
import type { SparseMap } from './wrinkle-maps.js';

export const DETAIL_LAYER_DEFAULTS = {
  /** Fine and coarse box radii, inter-ocular units (at least 1 px). @default [0.012, 0.12] */
  radii: [0.012, 0.2],
} as const;

/** In-place box blur (radius r, edge-clamped) along rows then columns of a w x h array. */
export function boxBlur(src: Float32Array, w: number, h: number, r: number, tmp: Float32Array): void {
  const pass = (
    get: (i: number, k: number) => number,
    set: (i: number, k: number, v: number) => void,
    n: number,
    m: number,
  ) => {
    for (let i = 0; i < m; i++) {
      let acc = 0;
      for (let k = -r; k <= r; k++) acc += get(i, Math.min(n - 1, Math.max(0, k)));
      for (let k = 0; k < n; k++) {
        set(i, k, acc / (2 * r + 1));
        acc += get(i, Math.min(n - 1, k + r + 1)) - get(i, Math.max(0, k - r));
      }
    }
  };
  pass(
    (y, x) => src[y * w + x]!,
    (y, x, v) => {
      tmp[y * w + x] = v;
    },
    w,
    h,
  );
  pass(
    (x, y) => tmp[y * w + x]!,
    (x, y, v) => {
      src[y * w + x] = v;
    },
    h,
    w,
  );
}

export function buildDetailLayer(image: RgbImage, topology: MeshTopology): SparseMap {
  const { frame, groups, canonical } = topology;
  const c = (vs: readonly number[]) => centroid(canonical, vs, 2);
  // Region: around the mouth, cheeks and lower eyes.
  const corners = [
    [-0.95, -0.15],
    [0.95, -0.15],
    [0.95, 1.25],
    [-0.95, 1.25],
  ].map(([x, y]) => toImage(frame, x!, y!));
  const x0 = Math.max(0, Math.floor(Math.min(...corners.map((p) => p[0]))));
  const y0 = Math.max(0, Math.floor(Math.min(...corners.map((p) => p[1]))));
  const x1 = Math.min(image.width, Math.ceil(Math.max(...corners.map((p) => p[0]))));
  const y1 = Math.min(image.height, Math.ceil(Math.max(...corners.map((p) => p[1]))));
  const w = Math.max(0, x1 - x0);
  const h = Math.max(0, y1 - y0);
  const data = new Float32Array(w * h * 3);
  if (w === 0 || h === 0) return { x0, y0, w, h, data };

  const tmp = new Float32Array(w * h);
  const [rs, rl] = DETAIL_LAYER_DEFAULTS.radii.map((r) => Math.max(1, Math.round((r * frame.iod) / 1.7)));
  const fine: Float32Array[] = [];
  const coarse: Float32Array[] = [];
  for (let c = 0; c < 3; c++) {
    const channel = new Float32Array(w * h);
    for (let j = 0; j < h; j++) {
      for (let i = 0; i < w; i++) channel[j * w + i] = image.data[((y0 + j) * image.width + x0 + i) * 3 + c]!;
    }
    const f = Float32Array.from(channel);
    const g = channel;
    for (let k = 0; k < 3; k++) {
      boxBlur(f, w, h, rs!, tmp);
      boxBlur(g, w, h, rl!, tmp);
    }
    fine.push(f);
    coarse.push(g);
  }

  // Smile regions (canonical): soft ellipses, lips and eyes excluded.
  const regions: [number, number, number, number][] = [];
  for (const side of [1, -1] as const) {
    const wing = c(side > 0 ? groups.noseWingL : groups.noseWingR);
    const corner = c(side > 0 ? groups.lipCornerL : groups.lipCornerR);
    const cheek = c(side > 0 ? groups.cheekL : groups.cheekR);
    const lid = c(side > 0 ? groups.lowerLidL : groups.lowerLidR);
    regions.push(
      [(wing[0] + corner[0]) / 2 + side * 0.1, (wing[1] + corner[1]) / 2 + 0.02, 0.13, 0.22],
      [corner[0] + side * 0.08, corner[1] + 0.08, 0.09, 0.1],
      [cheek[0], cheek[1] - 0.05, 0.2, 0.16],
      [lid[0] + side * 0.12, lid[1] + 0.08, 0.16, 0.07],
    );
  }
  const eyes = [c([...groups.upperLidL, ...groups.lowerLidL]), c([...groups.upperLidR, ...groups.lowerLidR])];
  const lipTop = Math.min(...groups.upperLipOuter.map((v) => canonical[v * 2 + 1]!));
  const lipBottom = Math.max(...groups.lowerLipOuter.map((v) => canonical[v * 2 + 1]!));
  const lipHalf = Math.max(...groups.lowerLipOuter.map((v) => Math.abs(canonical[v * 2]!)));
  for (let j = 0; j < h; j++) {
    for (let i = 0; i < w; i++) {
      const [x, y] = toCanonical(frame, x0 + i, y0 + j);
      let m = 0;
      for (const [cx, cy, sx, sy] of regions) {
        m = Math.max(m, Math.exp(-((x - cx) ** 2) / (2 * sx * sx) - (y - cy) ** 2 / (2 * sy * sy)));
      }
      // Keep the lips themselves (an ellipse around the outer contour, soft edge).
      const lipR =
        ((x / (lipHalf + 0.02)) ** 2 +
          ((y - (lipTop + lipBottom) / 2) / ((lipBottom - lipTop) / 2 + 0.03)) ** 2) **
        0.5;
      m *= Math.min(1, Math.max(0, (lipR - 1) / 0.25));
      // ... and the eyes (their own high-pass is the iris and lashes).
      for (const [ex, ey] of eyes) {
        const eyeR = Math.hypot((x - ex) / 0.3, (y - ey) / 0.11);
        m *= Math.min(1, Math.max(0, (eyeR - 1) / 0.4));
      }
      if (m < 0.02) continue;
      const k = j * w + i;
      for (let c = 0; c < 3; c++) {
        const ratio = Math.log((coarse[c]![k]! + 1) / (fine[c]![k]! + 1));
        data[k * 3 + c] = m * Math.max(-0.6, Math.min(0.6, ratio));
      }
    }
  }
  return { x0, y0, w, h, data };
}
