/**
 * Named landmark groups for the renderer, built from human's `meshAnnotations` (never hand-typed
 * indices) and, where the annotations have no such group, from positions in the canonical face
 * frame (x along the eye line towards the subject's left, y down, unit = inter-ocular distance).
 *
 * Sides are the subject's own: `L` = subject's left = image right in a frontal portrait (canonical
 * x > 0). Chains (`*Chain`) run from the subject's right end to the subject's left end.
 */
import { MESH_POINT_COUNT } from './face-mesh-constants.js';

export interface FaceGroups {
  readonly silhouette: readonly number[];
  readonly browL: readonly number[];
  readonly browR: readonly number[];
  readonly browInnerL: readonly number[];
  readonly browInnerR: readonly number[];
  readonly browOuterL: readonly number[];
  readonly browOuterR: readonly number[];
  /** Eye contour 0, corner to corner (both corners included). */
  readonly upperLidL: readonly number[];
  readonly upperLidR: readonly number[];
  readonly lowerLidL: readonly number[];
  readonly lowerLidR: readonly number[];
  /** Rings 1-2 above the upper lid (lid fold) and 1-3 below the lower lid. */
  readonly upperLidFoldL: readonly number[];
  readonly upperLidFoldR: readonly number[];
  readonly belowEyeL: readonly number[];
  readonly belowEyeR: readonly number[];
  /** Iris landmarks, centre first. */
  readonly irisL: readonly number[];
  readonly irisR: readonly number[];
  readonly lipCornerL: readonly number[];
  readonly lipCornerR: readonly number[];
  readonly upperLipOuter: readonly number[];
  readonly upperLipInner: readonly number[];
  readonly lowerLipOuter: readonly number[];
  readonly lowerLipInner: readonly number[];
  /** Every landmark of the upper / lower lip (outer, semi and inner contours). */
  readonly upperLip: readonly number[];
  readonly lowerLip: readonly number[];
  readonly noseWingL: readonly number[];
  readonly noseWingR: readonly number[];
  readonly noseBridge: readonly number[];
  readonly noseTip: readonly number[];
  readonly cheekL: readonly number[];
  readonly cheekR: readonly number[];
  readonly chin: readonly number[];
  readonly jawLine: readonly number[];
  readonly forehead: readonly number[];
}

/** Orders a chain so it runs from the subject's right (canonical x < 0) to the left. */
function rightToLeft(chain: number[], canonical: Float32Array): number[] {
  const first = canonical[chain[0]! * 2]!;
  const last = canonical[chain[chain.length - 1]! * 2]!;
  return first <= last ? chain : chain.reverse();
}

export function buildFaceGroups(
  annotations: Readonly<Record<string, readonly number[]>>,
  canonical: Float32Array,
): FaceGroups {
  const a = (k: string): number[] => [...(annotations[k] ?? [])];
  const cx = (v: number) => canonical[v * 2]!;
  const cy = (v: number) => canonical[v * 2 + 1]!;
  const meanY = (vs: readonly number[]) => vs.reduce((s, v) => s + cy(v), 0) / vs.length;
  const select = (keep: (x: number, y: number) => boolean): number[] => {
    const out: number[] = [];
    for (let v = 0; v < MESH_POINT_COUNT; v++) if (keep(cx(v), cy(v))) out.push(v);
    return out;
  };
  const splitBrow = (brow: number[]) => {
    const sorted = [...brow].sort((p, q) => Math.abs(cx(p)) - Math.abs(cx(q)));
    const half = Math.ceil(sorted.length * 0.4);
    return { inner: sorted.slice(0, half), outer: sorted.slice(half) };
  };
  const browL = [...a('leftEyebrowUpper'), ...a('leftEyebrowLower')];
  const browR = [...a('rightEyebrowUpper'), ...a('rightEyebrowLower')];
  const bl = splitBrow(browL);
  const br = splitBrow(browR);
  const lidChain = (side: 'left' | 'right') => {
    const lower = a(`${side}EyeLower0`);
    const upper = [lower[0]!, ...a(`${side}EyeUpper0`), lower[lower.length - 1]!];
    return { upper: rightToLeft(upper, canonical), lower: rightToLeft(lower, canonical) };
  };
  const eyeL = lidChain('left');
  const eyeR = lidChain('right');
  const lowerOuter = rightToLeft(a('lipsLowerOuter'), canonical);
  const lowerInner = rightToLeft(a('lipsLowerInner'), canonical);
  const upperOuter = [lowerOuter[0]!, ...rightToLeft(a('lipsUpperOuter'), canonical), lowerOuter.at(-1)!];
  const upperInner = [lowerInner[0]!, ...rightToLeft(a('lipsUpperInner'), canonical), lowerInner.at(-1)!];
  const upperLip = [
    ...new Set([...upperOuter, ...upperInner, ...a('lipsUpperSemiOuter'), ...a('lipsUpperSemiInner')]),
  ];
  const lowerLip = [
    ...new Set([...lowerOuter, ...lowerInner, ...a('lipsLowerSemiOuter'), ...a('lipsLowerSemiInner')]),
  ];
  // Iris groups by position (centre = the landmark nearest the group's mean), not by name.
  const irises = [a('leftEyeIris'), a('rightEyeIris')].map((g) => {
    const mx = g.reduce((s, v) => s + cx(v), 0) / g.length;
    const my = meanY(g);
    const c = [...g].sort(
      (p, q) => Math.hypot(cx(p) - mx, cy(p) - my) - Math.hypot(cx(q) - mx, cy(q) - my),
    )[0]!;
    return [c, ...g.filter((v) => v !== c)];
  });
  const [irisL, irisR] = cx(irises[0]![0]!) > 0 ? irises : [irises[1]!, irises[0]!];
  const sil = a('silhouette');
  const cornerY = (cy(lowerOuter[0]!) + cy(lowerOuter.at(-1)!)) / 2;
  const chinY = Math.max(...sil.map(cy));
  const browY = meanY([...browL, ...browR]);
  const tipY = cy(a('noseTip')[0]!);
  return {
    silhouette: sil,
    browL,
    browR,
    browInnerL: bl.inner,
    browInnerR: br.inner,
    browOuterL: bl.outer,
    browOuterR: br.outer,
    upperLidL: eyeL.upper,
    upperLidR: eyeR.upper,
    lowerLidL: eyeL.lower,
    lowerLidR: eyeR.lower,
    upperLidFoldL: [...a('leftEyeUpper1'), ...a('leftEyeUpper2')],
    upperLidFoldR: [...a('rightEyeUpper1'), ...a('rightEyeUpper2')],
    belowEyeL: [...a('leftEyeLower1'), ...a('leftEyeLower2'), ...a('leftEyeLower3')],
    belowEyeR: [...a('rightEyeLower1'), ...a('rightEyeLower2'), ...a('rightEyeLower3')],
    irisL: irisL!,
    irisR: irisR!,
    lipCornerL: [lowerOuter.at(-1)!, lowerInner.at(-1)!],
    lipCornerR: [lowerOuter[0]!, lowerInner[0]!],
    upperLipOuter: upperOuter,
    upperLipInner: upperInner,
    lowerLipOuter: lowerOuter,
    lowerLipInner: lowerInner,
    upperLip,
    lowerLip,
    noseWingL: a('noseLeftCorner'),
    noseWingR: a('noseRightCorner'),
    noseBridge: select((x, y) => Math.abs(x) < 0.12 && y > -0.1 && y < tipY * 0.6),
    noseTip: a('noseTip'),
    cheekL: a('leftCheek'),
    cheekR: a('rightCheek'),
    chin: select((x, y) => Math.abs(x) < 0.45 && y > chinY - 0.35),
    jawLine: sil.filter((v) => cy(v) > cornerY),
    forehead: select((_x, y) => y < browY - 0.15),
  };
}
