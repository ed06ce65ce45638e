/**
 * Procedural wrinkle and fold maps, rasterised once per portrait into the source image (so the warp
 * carries them with the skin). Each map is a log luminance ratio (Liu, Shan & Zhang, "Expression
 * mapping with expression ratio images", SIGGRAPH 2001): applying it with weight a multiplies the
 * source by exp(a M). Lines are authored in the canonical face frame (x along the eye line towards
 * the subject's left, y down, unit = inter-ocular distance) from the landmark groups.
 *
 * A crease across its line at distance d: c(d) = -G(d; s) + h G(d - 2.5 s; 2 s), a dark groove with
 * a highlight on the bulging side (G a unit Gaussian, s the groove half-width).
 */
import { centroid, type FaceFrame, toCanonical, toImage } from './face-frame.js';
import type { MeshTopology } from './mesh-topology.js';

export const WRINKLE_DEFAULTS = {
  /** Groove depth (log ratio) at weight 1. @default 0.22 */
  depth: 0.22,
  /** Groove half-width, inter-ocular units (at least 0.8 px). @default 0.012 */
  width: 0.012,
  /** Highlight beside the groove, relative to its depth. @default 0.35 */
  highlight: 0.35,
} as const;

/** A log-ratio map over a rectangle of the source image. */
export interface SparseMap {
  readonly x0: number;
  readonly y0: number;
  readonly w: number;
  readonly h: number;
  readonly data: Float32Array;
}

type P = readonly [number, number];
interface Line {
  readonly pts: readonly P[];
  /** Relative depth (1 = WRINKLE_DEFAULTS.depth); width multiplier; highlight side (+1 / -1). */
  readonly depth?: number;
  readonly width?: number;
  readonly side?: number;
}

const bezier = (a: P, c: P, b: P, n = 10): P[] =>
  Array.from({ length: n + 1 }, (_, i) => {
    const t = i / n;
    const u = 1 - t;
    return [
      u * u * a[0] + 2 * u * t * c[0] + t * t * b[0],
      u * u * a[1] + 2 * u * t * c[1] + t * t * b[1],
    ] as P;
  });

/** Distance from p to a polyline, the arc-length parameter (0..1) there and the side (cross sign). */
function nearest(p: P, pts: readonly P[]): [number, number, number] {
  let best = Number.POSITIVE_INFINITY;
  let param = 0;
  let side = 1;
  let total = 0;
  const lengths: number[] = [];
  for (let i = 0; i + 1 < pts.length; i++) {
    lengths.push(Math.hypot(pts[i + 1]![0] - pts[i]![0], pts[i + 1]![1] - pts[i]![1]));
    total += lengths[i]!;
  }
  let acc = 0;
  for (let i = 0; i + 1 < pts.length; i++) {
    const [ax, ay] = pts[i]!;
    const [bx, by] = pts[i + 1]!;
    const dx = bx - ax;
    const dy = by - ay;
    const len2 = dx * dx + dy * dy || 1e-12;
    const t = Math.max(0, Math.min(1, ((p[0] - ax) * dx + (p[1] - ay) * dy) / len2));
    const d = Math.hypot(p[0] - ax - t * dx, p[1] - ay - t * dy);
    if (d < best) {
      best = d;
      param = (acc + t * lengths[i]!) / (total || 1);
      side = dx * (p[1] - ay) - dy * (p[0] - ax) >= 0 ? 1 : -1;
    }
    acc += lengths[i]!;
  }
  return [best, param, side];
}

/** Rasterises lines (canonical) into a sparse map over the source image. */
function rasterise(frame: FaceFrame, width: number, height: number, lines: readonly Line[]): SparseMap {
  const s0 = Math.max(WRINKLE_DEFAULTS.width, 0.8 / frame.iod);
  let [minX, minY, maxX, maxY] = [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, -1, -1];
  for (const line of lines) {
    for (const [cx, cy] of line.pts) {
      const [x, y] = toImage(frame, cx, cy);
      const pad = 8 * s0 * frame.iod * (line.width ?? 1);
      [minX, minY] = [Math.min(minX, x - pad), Math.min(minY, y - pad)];
      [maxX, maxY] = [Math.max(maxX, x + pad), Math.max(maxY, y + pad)];
    }
  }
  const x0 = Math.max(0, Math.floor(minX));
  const y0 = Math.max(0, Math.floor(minY));
  const w = Math.max(0, Math.min(width, Math.ceil(maxX)) - x0);
  const h = Math.max(0, Math.min(height, Math.ceil(maxY)) - y0);
  const data = new Float32Array(w * h);
  const g = (d: number, s: number) => Math.exp(-(d * d) / (2 * s * s));
  for (let j = 0; j < h; j++) {
    for (let i = 0; i < w; i++) {
      const p = toCanonical(frame, x0 + i, y0 + j);
      let sum = 0;
      for (const line of lines) {
        const s = s0 * (line.width ?? 1);
        const [d, t, side] = nearest(p, line.pts);
        if (d > 8 * s) continue;
        const taper = Math.sin(Math.PI * t) ** 0.7;
        const bulge = side === (line.side ?? 1) ? WRINKLE_DEFAULTS.highlight * g(d - 2.5 * s, 2 * s) : 0;
        sum += (line.depth ?? 1) * taper * (-g(d, s) + bulge);
      }
      data[j * w + i] = sum * WRINKLE_DEFAULTS.depth;
    }
  }
  return { x0, y0, w, h, data };
}

/** The maps of one portrait, keyed by what drives them (see expression-shading.ts). */
export function buildWrinkleMaps(topology: MeshTopology): Record<string, SparseMap> {
  const { frame, groups, canonical, width, height } = topology;
  const c = (vs: readonly number[]): P => centroid(canonical, vs, 2);
  const browInner = [c(groups.browInnerR), c(groups.browInnerL)] as const;
  const browY = (browInner[0][1] + browInner[1][1]) / 2;
  const outerCorner = (side: 1 | -1): P => {
    const chain = side > 0 ? groups.upperLidL : groups.upperLidR;
    return c([side > 0 ? chain[chain.length - 1]! : chain[0]!]);
  };
  const map = (lines: Line[]) => rasterise(frame, width, height, lines);
  const mirror = (pts: readonly P[], side: 1 | -1): P[] => pts.map(([x, y]) => [x * side, y] as P);

  const foreheadLine = (y: number, x0: number, x1: number): P[] =>
    bezier([x0, y + 0.05 * x0 * x0], [(x0 + x1) / 2, y - 0.02], [x1, y + 0.05 * x1 * x1]);
  const forehead = (xs: [number, number]) =>
    [0.2, 0.34, 0.48].map((dy, i) => ({
      pts: foreheadLine(browY - dy, xs[0] - 0.04 * i, xs[1] + 0.04 * i),
      depth: 0.9 - 0.15 * i,
      width: 1.3,
    }));

  const nasolabial = (side: 1 | -1): Line => {
    const wing = c(side > 0 ? groups.noseWingL : groups.noseWingR);
    const corner = c(side > 0 ? groups.lipCornerL : groups.lipCornerR);
    const a: P = [wing[0] + side * 0.06, wing[1] - 0.03];
    const b: P = [corner[0] + side * 0.07, corner[1] + 0.1];
    const ctl: P = [(a[0] + b[0]) / 2 + side * 0.07, (a[1] + b[1]) / 2 - 0.02];
    return { pts: bezier(a, ctl, b), depth: 1.2, width: 1.8, side: -side };
  };

  const crowsFeet = (side: 1 | -1): Line[] => {
    const o = outerCorner(side);
    return [-0.45, 0, 0.45].map((angle) => {
      const dir: P = [Math.cos(angle) * side, Math.sin(angle)];
      return {
        pts: [
          [o[0] + dir[0] * 0.05, o[1] + dir[1] * 0.05] as P,
          [o[0] + dir[0] * 0.2, o[1] + dir[1] * 0.2] as P,
        ],
        depth: 0.7,
      };
    });
  };

  const glabella: Line[] = [-1, 1].map((side) => ({
    pts: bezier([side * 0.055, browY - 0.12], [side * 0.045, browY], [side * 0.075, browY + 0.1], 6),
    depth: 1.1,
    width: 1.3,
  }));
  // Nose root: short, slightly arched creases over the nasion; oblique ones down the nose's sides.
  const noseBridge: Line[] = [-0.04, 0.02, 0.07].map((dy, i) => ({
    pts: bezier([-0.07 - 0.01 * i, dy + 0.025], [0, dy - 0.015], [0.07 + 0.01 * i, dy + 0.025], 6),
    depth: 0.65 - 0.1 * i,
  }));
  const noseSides: Line[] = [-1, 1].map((side) => ({
    pts: mirror(
      [
        [0.1, 0.02],
        [0.15, 0.16],
      ],
      side as 1 | -1,
    ),
    depth: 0.6,
    width: 1.3,
  }));

  return {
    AU1: map(forehead([-0.3, 0.3])),
    AU2L: map(forehead([0.15, 0.65])),
    AU2R: map(forehead([-0.65, -0.15])),
    AU4: map(glabella),
    AU9: map([...noseBridge, ...noseSides]),
    foldL: map([nasolabial(1)]),
    foldR: map([nasolabial(-1)]),
    crowsFeetL: map(crowsFeet(1)),
    crowsFeetR: map(crowsFeet(-1)),
  };
}
