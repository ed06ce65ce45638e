/**
 * The warp mesh of one portrait: human's 468-point face mesh (+ the 10 iris landmarks, carried but
 * not triangulated), its mouth hole filled, and two rings of anchors around the face plus the image
 * border, triangulated so the whole image is covered.
 *
 * Vertex layout: `[0, 478)` landmarks, then `RING` inner-ring vertices, `RING` outer-ring vertices
 * (one per silhouette landmark, on the ray from the face centre through it), then the border.
 * Head motion fades out across the rings (see `ringFollow`); the border never moves.
 *
 * Sides are the subject's own: `L` = the subject's left = image right in a frontal portrait.
 */
import { centroid, type FaceFrame, faceFrameFromEyes, toCanonical } from './face-frame.js';
import { buildFaceGroups, type FaceGroups } from './face-groups.js';
import { LANDMARK_COUNT, loadFaceMeshConstants } from './face-mesh-constants.js';

export const MESH_TOPOLOGY_DEFAULTS = {
  /** Inner ring distance from the face centre, as a multiple of the silhouette's. @default 1.22 */
  innerRingScale: 1.22,
  /** Outer ring distance, as a multiple of the silhouette's. @default 1.65 */
  outerRingScale: 1.65,
  /** Caps on the rings as a fraction of the way from the silhouette to the border. @default [0.35, 0.7] */
  innerRingBorderFraction: 0.35,
  outerRingBorderFraction: 0.7,
  /**
   * How much of its silhouette landmark's displacement each ring follows; the outer ring stays put,
   * so everything outside it is the untouched background. @default [0.5, 0]
   */
  ringFollow: [0.5, 0],
} as const;

export interface MeshTopology {
  readonly width: number;
  readonly height: number;
  readonly vertexCount: number;
  /** Base (source) vertex positions x,y in image pixels. */
  readonly base: Float32Array;
  /** Canonical-frame positions x,y of every vertex. */
  readonly canonical: Float32Array;
  /** Landmark z (pixels, negative towards the camera), 478 values. */
  readonly z: Float32Array;
  /** Vertex index triples covering the image. */
  readonly triangles: Uint32Array;
  readonly ringStart: number;
  readonly ringCount: number;
  readonly borderStart: number;
  /** For ring vertex `ringStart + k` (k < 2 * ringCount): the silhouette landmark it follows. */
  readonly ringSource: Uint16Array;
  /** Fraction of that landmark's displacement it follows. */
  readonly ringWeight: Float32Array;
  readonly frame: FaceFrame;
  readonly groups: FaceGroups;
  /** Face centre (silhouette centroid) in image pixels. */
  readonly centre: readonly [number, number];
}

/** Zips two chains ordered by a parameter into a triangle strip (shared end vertices allowed). */
export function zipChains(a: readonly number[], b: readonly number[], t: (v: number) => number): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  const push = (p: number, q: number, r: number) => {
    if (p !== q && q !== r && p !== r) out.push(p, q, r);
  };
  while (i < a.length - 1 || j < b.length - 1) {
    const advanceA = j >= b.length - 1 || (i < a.length - 1 && t(a[i + 1]!) <= t(b[j + 1]!));
    if (advanceA) {
      push(a[i]!, a[i + 1]!, b[j]!);
      i++;
    } else {
      push(a[i]!, b[j + 1]!, b[j]!);
      j++;
    }
  }
  return out;
}

/** Distance along the ray from (cx,cy) in direction (dx,dy) to the rectangle's boundary. */
function rayToRect(cx: number, cy: number, dx: number, dy: number, r: readonly number[]): number {
  let t = Number.POSITIVE_INFINITY;
  if (dx > 1e-12) t = Math.min(t, (r[2]! - cx) / dx);
  if (dx < -1e-12) t = Math.min(t, (r[0]! - cx) / dx);
  if (dy > 1e-12) t = Math.min(t, (r[3]! - cy) / dy);
  if (dy < -1e-12) t = Math.min(t, (r[1]! - cy) / dy);
  return t;
}

/**
 * Builds the full-image mesh for one portrait. `landmarks`: 478 x (x,y,z) in image pixels.
 */
export function buildMeshTopology(
  landmarks: Float32Array,
  width: number,
  height: number,
  options: Partial<typeof MESH_TOPOLOGY_DEFAULTS> = {},
): MeshTopology {
  const o = { ...MESH_TOPOLOGY_DEFAULTS, ...options };
  if (landmarks.length < LANDMARK_COUNT * 3) {
    throw new RangeError(`expected ${LANDMARK_COUNT} x,y,z landmarks, got ${landmarks.length / 3}`);
  }
  const { triangles: tri468, annotations } = loadFaceMeshConstants();
  const ann = (k: string): readonly number[] => annotations[k] ?? [];
  const frame = faceFrameFromEyes(
    centroid(landmarks, [...ann('rightEyeUpper0'), ...ann('rightEyeLower0')]),
    centroid(landmarks, [...ann('leftEyeUpper0'), ...ann('leftEyeLower0')]),
  );
  const sil = ann('silhouette');
  const ringCount = sil.length;
  const centre = centroid(landmarks, sil);
  const [cx, cy] = centre;

  // Rectangle the border sits on: the image, grown if the face (and its rings) reach outside it.
  const rect = [-1, -1, width, height];
  for (const s of sil) {
    const x = landmarks[s * 3]!;
    const y = landmarks[s * 3 + 1]!;
    const gx = cx + (x - cx) * 1.15;
    const gy = cy + (y - cy) * 1.15;
    rect[0] = Math.min(rect[0]!, gx - 2);
    rect[1] = Math.min(rect[1]!, gy - 2);
    rect[2] = Math.max(rect[2]!, gx + 2);
    rect[3] = Math.max(rect[3]!, gy + 2);
  }
  const corners: [number, number][] = [
    [rect[0]!, rect[1]!],
    [rect[2]!, rect[1]!],
    [rect[2]!, rect[3]!],
    [rect[0]!, rect[3]!],
  ];
  const ringStart = LANDMARK_COUNT;
  const borderStart = ringStart + 2 * ringCount;
  const vertexCount = borderStart + ringCount + corners.length;
  const base = new Float32Array(vertexCount * 2);
  const z = new Float32Array(LANDMARK_COUNT);
  for (let i = 0; i < LANDMARK_COUNT; i++) {
    base[i * 2] = landmarks[i * 3]!;
    base[i * 2 + 1] = landmarks[i * 3 + 1]!;
    z[i] = landmarks[i * 3 + 2]!;
  }
  const ringSource = new Uint16Array(2 * ringCount);
  const ringWeight = new Float32Array(2 * ringCount);
  sil.forEach((s, k) => {
    const dx = base[s * 2]! - cx;
    const dy = base[s * 2 + 1]! - cy;
    const tb = rayToRect(cx, cy, dx, dy, rect);
    const t1 = Math.min(o.innerRingScale, 1 + (tb - 1) * o.innerRingBorderFraction);
    const t2 = Math.min(o.outerRingScale, 1 + (tb - 1) * o.outerRingBorderFraction);
    const put = (v: number, t: number) => {
      base[v * 2] = cx + dx * t;
      base[v * 2 + 1] = cy + dy * t;
    };
    put(ringStart + k, t1);
    put(ringStart + ringCount + k, t2);
    put(borderStart + k, tb);
    ringSource[k] = s;
    ringSource[ringCount + k] = s;
    ringWeight[k] = o.ringFollow[0];
    ringWeight[ringCount + k] = o.ringFollow[1];
  });
  corners.forEach(([x, y], k) => {
    base[(borderStart + ringCount + k) * 2] = x;
    base[(borderStart + ringCount + k) * 2 + 1] = y;
  });

  const tris: number[] = Array.from(tri468);
  // The mouth hole: upper inner lip zipped to lower inner lip, ordered along the eye line.
  const canonical = new Float32Array(vertexCount * 2);
  for (let v = 0; v < vertexCount; v++) {
    const [u, w] = toCanonical(frame, base[v * 2]!, base[v * 2 + 1]!);
    canonical[v * 2] = u;
    canonical[v * 2 + 1] = w;
  }
  const groups = buildFaceGroups(annotations, canonical);
  tris.push(...zipChains(groups.upperLipInner, groups.lowerLipInner, (v) => canonical[v * 2]!));

  // Silhouette -> inner ring -> outer ring: quads between corresponding vertices.
  for (let k = 0; k < ringCount; k++) {
    const k1 = (k + 1) % ringCount;
    const rows = [sil[k]!, sil[k1]!, ringStart + k, ringStart + k1];
    const rows2 = [ringStart + k, ringStart + k1, ringStart + ringCount + k, ringStart + ringCount + k1];
    for (const [a, b, c, d] of [rows, rows2] as number[][]) tris.push(a!, b!, d!, a!, d!, c!);
  }
  // Outer ring -> border (ray points + corners), zipped by angle around the centre.
  const angle = (v: number) => Math.atan2(base[v * 2 + 1]! - cy, base[v * 2]! - cx);
  const a0 = angle(ringStart + ringCount);
  const unwrap = (v: number) => {
    let a = angle(v) - a0;
    while (a < -1e-9) a += 2 * Math.PI;
    while (a >= 2 * Math.PI - 1e-9) a -= 2 * Math.PI;
    return a;
  };
  const outer = Array.from({ length: ringCount }, (_, k) => ringStart + ringCount + k).sort(
    (p, q) => unwrap(p) - unwrap(q),
  );
  const border = Array.from({ length: ringCount + corners.length }, (_, k) => borderStart + k).sort(
    (p, q) => unwrap(p) - unwrap(q),
  );
  const param = new Map<number, number>();
  for (const v of [...outer, ...border]) param.set(v, unwrap(v));
  // Close the loops with the first vertices repeated at +2 pi (aliases resolved below).
  const aliasOuter = -1;
  const aliasBorder = -2;
  param.set(aliasOuter, 2 * Math.PI);
  param.set(aliasBorder, 2 * Math.PI + 1e-6);
  const strip = zipChains([...outer, aliasOuter], [...border, aliasBorder], (v) => param.get(v)!);
  for (const v of strip) tris.push(v === aliasOuter ? outer[0]! : v === aliasBorder ? border[0]! : v);

  return {
    width,
    height,
    vertexCount,
    base,
    canonical,
    z,
    triangles: Uint32Array.from(tris),
    ringStart,
    ringCount,
    borderStart,
    ringSource,
    ringWeight,
    frame,
    groups,
    centre,
  };
}

/**
 * Painter's order: writes `topology.triangles` into `out` sorted far to near (by the summed depth of
 * their landmarks; ring and border triangles, the background, first), so where the projected mesh
 * folds (the nose side, a turned cheek) the nearer surface wins.
 */
export function orderTrianglesBackToFront(
  topology: MeshTopology,
  depth: Float32Array,
  out: Uint32Array,
): void {
  const tris = topology.triangles;
  const count = tris.length / 3;
  const keys = new Float64Array(count);
  const order = new Uint32Array(count);
  for (let t = 0; t < count; t++) {
    let k = 0;
    for (let j = 0; j < 3; j++) {
      const v = tris[t * 3 + j]!;
      k += v < depth.length ? depth[v]! : 1e9;
    }
    keys[t] = k;
    order[t] = t;
  }
  order.sort((p, q) => keys[q]! - keys[p]!);
  for (let i = 0; i < count; i++) {
    const t = order[i]!;
    out[i * 3] = tris[t * 3]!;
    out[i * 3 + 1] = tris[t * 3 + 1]!;
    out[i * 3 + 2] = tris[t * 3 + 2]!;
  }
}
