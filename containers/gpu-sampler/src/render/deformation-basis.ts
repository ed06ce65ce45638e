/**
 * The displacement basis: for each AU and articulation channel, one displacement per landmark
 * (image pixels at intensity 1), evaluated once per portrait from the authored FACS terms in
 * `au-displacements.ts` (canonical face frame, unit = inter-ocular distance, so magnitudes scale with
 * the face and rotate with it). Per frame the displacement is the weighted sum
 *
 *   D = sum_c s_c m_c B_c        (m_c: channel value, s_c: expression scale for AU channels, else 1)
 *
 * followed by an ordering fix that keeps each upper lid above its lower lid and each upper inner lip
 * above the lower one (see `keepContoursOrdered`), so large sums never fold the mesh.
 */
import { CHANNEL_NAMES } from '../../../../core/motion/channels.js';
import {
  AU_DISPLACEMENTS,
  type CentreGroup,
  type DisplacementTerm,
  type Mask,
  type SideStem,
} from './au-displacements.js';
import { vectorToImage } from './face-frame.js';
import type { FaceGroups } from './face-groups.js';
import { LANDMARK_COUNT, MESH_POINT_COUNT } from './face-mesh-constants.js';
import type { MeshTopology } from './mesh-topology.js';

export const DEFORMATION_DEFAULTS = {
  /** Share of a lid closure taken by the lower lid (the upper lid takes the rest). @default 0.1 */
  lowerLidClosureShare: 0.1,
  /** Mandible mask: band (IOD) below the mouth line over which it ramps 0 -> 1. @default [-0.04, 0.3] */
  mandibleBand: [-0.04, 0.3],
  /** Width (IOD, sigma) of the jaw-drop lateral profile: less motion towards the hinges. @default 0.9 */
  jawProfileSigma: 0.9,
  /**
   * A neutral mouth (inter-ocular units): corner-to-corner width, and how far the corners may sit
   * above the lip line before the source counts as smiling. @default [0.88, 0.01]
   */
  neutralMouth: [0.88, 0.01],
} as const;

export interface DeformationBasis {
  /** Per motion channel (index as in MOTION_CHANNELS): 478 x (dx, dy) pixels, or null. */
  readonly channels: readonly (Float32Array | null)[];
  /**
   * Removes the source's own smile (corners down to the lip line and in to a neutral width, lips
   * closed, cheeks and lower lids down), sized from the source's geometry; zero for a neutral
   * source. Weighted per frame by the smile-conflict weight (smile-conflict.ts).
   */
  readonly unsmile: Float32Array;
  /** Mandible membership per landmark, 0..1. */
  readonly mandible: Float32Array;
}

const smoothstep = (a: number, b: number, x: number) => {
  const t = Math.min(1, Math.max(0, (x - a) / (b - a)));
  return t * t * (3 - 2 * t);
};

export function buildDeformationBasis(topology: MeshTopology): DeformationBasis {
  const { canonical, groups, frame } = topology;
  const n = MESH_POINT_COUNT;
  const X = (v: number) => canonical[v * 2]!;
  const Y = (v: number) => canonical[v * 2 + 1]!;
  const g = groups as unknown as Record<string, readonly number[]>;
  const resolve = (name: SideStem | CentreGroup, side: 'L' | 'R' | ''): readonly number[] =>
    g[`${name}${side}`] ?? g[name] ?? [];

  // Mandible mask: lower lip 1, upper lip 0, elsewhere a ramp below a mouth line that runs through the
  // lip corners and descends laterally towards the jaw angles.
  const mandible = new Float32Array(n);
  const cornerL = groups.lipCornerL[0]!;
  const cornerR = groups.lipCornerR[0]!;
  const xc = (X(cornerL) - X(cornerR)) / 2;
  const yc = (Y(cornerL) + Y(cornerR)) / 2;
  const mid = Math.floor(groups.upperLipInner.length / 2);
  const yMid = (Y(groups.upperLipInner[mid]!) + Y(groups.lowerLipInner[mid]!)) / 2;
  const [b0, b1] = DEFORMATION_DEFAULTS.mandibleBand;
  for (let v = 0; v < n; v++) {
    const ax = Math.abs(X(v));
    const line = ax <= xc ? yc + (yMid - yc) * (1 - (ax / xc) ** 2) : yc + 0.5 * (ax - xc);
    mandible[v] = smoothstep(line + b0, line + b1, Y(v));
  }
  for (const v of groups.upperLip) mandible[v] = 0;
  for (const v of groups.lowerLip) mandible[v] = 1;
  for (const v of [...groups.lipCornerL, ...groups.lipCornerR]) mandible[v] = 0.5;
  // Brow mask: 0 on the lid margins, ramping from the top of the eyes up to the brows' underside.
  const browMask = new Float32Array(n);
  const lids = new Set([...groups.upperLidL, ...groups.upperLidR, ...groups.lowerLidL, ...groups.lowerLidR]);
  const lidTop = Math.min(...[...groups.upperLidL, ...groups.upperLidR].map(Y));
  const brows = new Set([...groups.browL, ...groups.browR]);
  for (let v = 0; v < n; v++) {
    browMask[v] = lids.has(v) ? 0 : brows.has(v) ? 1 : 1 - smoothstep(lidTop - 0.08, lidTop + 0.01, Y(v));
  }
  const maskOf = (mask: Mask | undefined, v: number) =>
    mask === 'mandible'
      ? mandible[v]!
      : mask === 'maxilla'
        ? 1 - mandible[v]!
        : mask === 'brow'
          ? browMask[v]!
          : 1;

  const yChin = Math.max(...groups.chin.map(Y));
  const addCanonical = (acc: Float32Array, v: number, dx: number, dy: number) => {
    acc[v * 2] = acc[v * 2]! + dx;
    acc[v * 2 + 1] = acc[v * 2 + 1]! + dy;
  };

  const profileOf = (
    kind: 'arch' | 'innerToOuter' | 'outerToInner' | undefined,
    members: readonly number[],
  ) => {
    if (!kind) return () => 1;
    const xs = members.map(X);
    const x0 = Math.min(...xs);
    const x1 = Math.max(...xs);
    if (kind === 'arch')
      return (v: number) => Math.sin(Math.PI * Math.min(1, Math.max(0, (X(v) - x0) / (x1 - x0))));
    // Along a brow: 0 at its inner end, 1 at its outer end (by |x|).
    const inner = Math.min(Math.abs(x0), Math.abs(x1));
    const outer = Math.max(Math.abs(x0), Math.abs(x1));
    return (v: number) => {
      const t = Math.min(1, Math.max(0, (Math.abs(X(v)) - inner) / (outer - inner)));
      return kind === 'innerToOuter' ? 1 - 0.8 * t : 0.2 + 0.8 * t;
    };
  };

  const applyTerm = (acc: Float32Array, term: DisplacementTerm, side: 'L' | 'R' | '') => {
    const mirror = side === 'R' ? -1 : 1;
    if (term.kind === 'group') {
      const members = resolve(term.group, side);
      if (members.length === 0) return;
      const inGroup = new Set(members);
      const profile = profileOf(term.profile, members);
      const s2 = 2 * term.spread * term.spread;
      const below = (term.spread / (term.spreadBelow ?? term.spread)) ** 2;
      for (let v = 0; v < n; v++) {
        let w: number;
        if (inGroup.has(v)) w = profile(v);
        else {
          let best = Number.POSITIVE_INFINITY;
          let nearest = members[0]!;
          for (const m of members) {
            const dy = Y(v) - Y(m);
            const r = (X(v) - X(m)) ** 2 + dy * dy * (dy > 0 ? below : 1);
            if (r < best) [best, nearest] = [r, m];
          }
          w = Math.exp(-best / s2) * profile(nearest);
        }
        w *= maskOf(term.mask, v);
        if (w > 1e-4) addCanonical(acc, v, term.d[0] * mirror * w, term.d[1] * w);
      }
    } else if (term.kind === 'blob') {
      const members = resolve(term.at, side);
      if (members.length === 0) return;
      const cx = members.reduce((s, v) => s + X(v), 0) / members.length + (term.offset?.[0] ?? 0) * mirror;
      const cy = members.reduce((s, v) => s + Y(v), 0) / members.length + (term.offset?.[1] ?? 0);
      const [sx, sy] = term.sigma;
      for (let v = 0; v < n; v++) {
        const w =
          Math.exp(-((X(v) - cx) ** 2) / (2 * sx * sx) - (Y(v) - cy) ** 2 / (2 * sy * sy)) *
          maskOf(term.mask, v);
        if (w > 1e-4) addCanonical(acc, v, term.d[0] * mirror * w, term.d[1] * w);
      }
    } else if (term.kind === 'closeLips') {
      closeLips(acc, groups, X, Y, term.amount, term.follow ?? 0.7, addCanonical);
    } else if (term.kind === 'closeLids') {
      for (const s of ['L', 'R'] as const) closeLid(acc, groups, s, X, Y, term.amount, addCanonical);
    } else {
      const sigma = DEFORMATION_DEFAULTS.jawProfileSigma;
      for (let v = 0; v < n; v++) {
        if (mandible[v]! <= 0) continue;
        const depth = Math.min(1.2, Math.max(0, (Y(v) - yc) / (yChin - yc)));
        const lateralFalloff = Math.exp(-(X(v) ** 2) / (2 * sigma * sigma));
        addCanonical(acc, v, 0, term.amount * mandible[v]! * lateralFalloff * (0.8 + 0.2 * depth));
      }
    }
  };

  // Canonical -> image pixels (the 10 iris landmarks stay 0: gaze moves them).
  const toImagePixels = (acc: Float32Array) => {
    const out = new Float32Array(acc.length);
    for (let v = 0; v < MESH_POINT_COUNT; v++) {
      const [dx, dy] = vectorToImage(frame, acc[v * 2]!, acc[v * 2 + 1]!);
      out[v * 2] = dx;
      out[v * 2 + 1] = dy;
    }
    return out;
  };

  const channels = CHANNEL_NAMES.map((name) => {
    const spec = AU_DISPLACEMENTS[name];
    if (!spec) return null;
    const acc = new Float32Array(LANDMARK_COUNT * 2);
    const sides: ('L' | 'R')[] = spec.sides === 'both' ? ['L', 'R'] : spec.sides === 'left' ? ['L'] : ['R'];
    for (const term of spec.terms) {
      if (term.kind === 'group' || term.kind === 'blob') {
        const name = term.kind === 'group' ? term.group : term.at;
        const sided = `${name}L` in g;
        if (sided) for (const s of sides) applyTerm(acc, term, s);
        else applyTerm(acc, term, '');
      } else applyTerm(acc, term, '');
    }
    return toImagePixels(acc);
  });
  // Unsmile: the source's corner elevation above its lip line and its excess mouth width.
  const lift = Math.max(0, yMid - yc - DEFORMATION_DEFAULTS.neutralMouth[1]);
  const excess = Math.max(0, xc - DEFORMATION_DEFAULTS.neutralMouth[0] / 2);
  const strength = Math.min(1, lift / 0.08);
  const unsmileTerms: DisplacementTerm[] = [
    { kind: 'group', group: 'lipCorner', d: [-excess, lift], spread: 0.2 },
    // A relaxed mouth's lips are fuller than a smile's stretched ones: the lip bodies move less
    // than the inner edges, so the lips thicken instead of the skin above and below stretching.
    { kind: 'closeLips', amount: strength, follow: 0.25 },
    { kind: 'blob', at: 'cheek', offset: [0.02, -0.1], sigma: [0.22, 0.16], d: [0, 0.06 * strength] },
    { kind: 'group', group: 'lowerLid', d: [0, 0.035 * strength], spread: 0.06, profile: 'arch' },
  ];
  const unsmileCanonical = new Float32Array(LANDMARK_COUNT * 2);
  for (const term of unsmileTerms) {
    if (term.kind === 'closeLips') applyTerm(unsmileCanonical, term, '');
    else for (const s of ['L', 'R'] as const) applyTerm(unsmileCanonical, term, s);
  }
  return { channels, mandible, unsmile: toImagePixels(unsmileCanonical) };
}

type Add = (acc: Float32Array, v: number, dx: number, dy: number) => void;

/** The inner lips meet halfway; the rest of each lip follows, less with distance from its inner edge. */
function closeLips(
  acc: Float32Array,
  groups: FaceGroups,
  X: (v: number) => number,
  Y: (v: number) => number,
  amount: number,
  bodyFollow: number,
  add: Add,
): void {
  const up = groups.upperLipInner;
  const lo = groups.lowerLipInner;
  const half = up.map((u, i) => Math.max(0, Y(lo[i]!) - Y(u)) / 2);
  const follow = (lip: readonly number[], chain: readonly number[], sign: number) => {
    for (const v of lip) {
      let best = Number.POSITIVE_INFINITY;
      let k = 0;
      chain.forEach((c, i) => {
        const r = Math.abs(X(v) - X(c));
        if (r < best) [best, k] = [r, i];
      });
      const dist = Math.abs(Y(v) - Y(chain[k]!));
      const f = chain.includes(v) ? 1 : bodyFollow * Math.max(0, 1 - dist / 0.2);
      add(acc, v, 0, sign * amount * half[k]! * f);
    }
  };
  follow(groups.upperLip, up, 1);
  follow(groups.lowerLip, lo, -1);
}

/** The upper lid moves onto the lower lid (which rises a little); the lid fold follows partly. */
function closeLid(
  acc: Float32Array,
  groups: FaceGroups,
  side: 'L' | 'R',
  X: (v: number) => number,
  Y: (v: number) => number,
  amount: number,
  add: Add,
): void {
  const upper = side === 'L' ? groups.upperLidL : groups.upperLidR;
  const lower = side === 'L' ? groups.lowerLidL : groups.lowerLidR;
  const fold = side === 'L' ? groups.upperLidFoldL : groups.upperLidFoldR;
  const share = DEFORMATION_DEFAULTS.lowerLidClosureShare;
  const gapAt = (v: number) => Math.max(0, chainY(lower, X, Y, X(v)) - chainY(upper, X, Y, X(v)));
  for (const v of upper.slice(1, -1)) add(acc, v, 0, amount * (1 - share) * gapAt(v));
  for (const v of lower.slice(1, -1)) add(acc, v, 0, -amount * share * gapAt(v));
  for (const v of fold) {
    const r = Math.abs(Y(v) - chainY(upper, X, Y, X(v)));
    add(acc, v, 0, amount * 0.45 * gapAt(v) * Math.exp(-(r * r) / (2 * 0.07 * 0.07)));
  }
}

/** The chain's y at canonical x (piecewise linear; the chain runs along x). */
export function chainY(
  chain: readonly number[],
  X: (v: number) => number,
  Y: (v: number) => number,
  x: number,
) {
  for (let i = 0; i + 1 < chain.length; i++) {
    const a = chain[i]!;
    const b = chain[i + 1]!;
    const xa = X(a);
    const xb = X(b);
    if ((x >= xa && x <= xb) || (x <= xa && x >= xb)) {
      const t = xb === xa ? 0 : (x - xa) / (xb - xa);
      return Y(a) + (Y(b) - Y(a)) * t;
    }
  }
  const first = chain[0]!;
  const last = chain[chain.length - 1]!;
  return Math.abs(x - X(first)) < Math.abs(x - X(last)) ? Y(first) : Y(last);
}
