/**
 * One frame of motion -> target positions of every warp-mesh vertex.
 *
 * Stages (per frame, all in typed arrays):
 *   1. expression: D = sum_c s_c m_c k_c B_c over the AU / articulation bases (deformation-basis.ts),
 *      s_c the expression scale for AU channels (1 for articulation and the unscaled AUs), + w U, the source's smile removed in proportion to the smile-conflict weight w;
 *      k_c = 1 except for the mouth-opening channels J = {jawOpen, AU25, AU26, AU27}: they all
 *      part the same lips (one mandible), so their openings a_c = s_c m_c A_c (A_c the channel's
 *      opening at 1: jaw drop + inner-lip travel) combine as a p-norm, (sum_J a_c^p)^(1/p), not as a
 *      sum: k_c = (sum_J a^p)^(1/p) / sum_J a for c in J. A speech jaw under a surprised AU26 opens a
 *      little further instead of twice as far (the motion prior couples AU25/AU26 to speech, as FACS
 *      codes them, which a sum would count twice); and speech through tense lips opens less:
 *      k_jawOpen is further multiplied by 1 - kappa tau, tau = clamp(s max(AU23, AU24, AU28) +
 *      s AU17 / 2, 0, 1) (lips tightened or pressed, chin raised: the jaw and lips move less);
 *   2. ordering: upper lids stay above lower lids, upper inner lip above the lower one;
 *   3. gaze: the iris landmarks translate within the eye;
 *   4. head pose: a small 3D rotation of the landmarks (x, y, z) about the head centre;
 *   5. rings: each ring vertex follows a fixed share of its silhouette landmark's displacement;
 *      the border never moves.
 *
 * Conventions (image y down; "left" = the subject's left = image right for a frontal portrait):
 * - `headYaw` > 0 turns the face towards image right (the nose moves +x); `headPitch` > 0 nods the
 *   face down (the nose moves +y); `headRoll` > 0 rotates the face clockwise in the image.
 * - `gazeX` > 0 looks towards image right, `gazeY` > 0 looks down; +-1 is the full travel.
 */
import { CHANNEL_NAMES, MOTION_CHANNELS } from '../../../../core/motion/channels.js';
import { AU_DISPLACEMENTS, type DisplacementTerm } from './au-displacements.js';
import type { DeformationBasis } from './deformation-basis.js';
import { LANDMARK_COUNT } from './face-mesh-constants.js';
import type { MeshTopology } from './mesh-topology.js';
import { smileConflict } from './smile-conflict.js';

export const FACE_MOTION_DEFAULTS = {
  /** p of the mouth-opening channels' p-norm (1 = a plain sum, larger = nearer the max). @default 1.5 */
  jawUnionNorm: 1.5,
  /** The mouth-opening channels combined by that p-norm. @default ['jawOpen', 'AU25', 'AU26', 'AU27'] */
  openingChannels: ['jawOpen', 'AU25', 'AU26', 'AU27'],
  /** kappa: how much of the speech opening lip tension (AU23/24/28, AU17) takes away at most. @default 0.5 */
  tenseSpeech: 0.5,
  /** Iris travel at |gaze| = 1, as a fraction of the eye's width (x) and of it again (y). @default [0.2, 0.09] */
  gazeTravel: [0.2, 0.09],
  /** Rotation axis depth behind the silhouette's sides, in inter-ocular distances. @default 0 */
  headCentreDepth: 0,
  /**
   * Ceilings on the scaled AU weight (intensity x value) of channels that tear when driven further:
   * past ~1.3 the brow raisers push the brows into the hairline and smear the lid skin.
   * @default { AU1: 1.3, AU2L: 1.3, AU2R: 1.3 }
   */
  auCeiling: { AU1: 1.3, AU2L: 1.3, AU2R: 1.3 } as Readonly<Record<string, number>>,
  /**
   * AUs the expression scale leaves as they are: the mouth openers (25 lips part, 26 jaw drop, 27
   * mouth stretch), which the motion prior couples to speech, so a scaled-up constant opening would
   * hold the mouth open through the pauses (the re-detected lip sync then falls: r 0.46 at scale
   * 1.8 in `npm run eval`), and 43 (eye closure, with blinks).
   * @default [25, 26, 27, 43]
   */
  unscaledAus: [25, 26, 27, 43] as readonly number[],
} as const;

export interface FaceMotion {
  /** Writes the target x,y of every mesh vertex for `motion` into `target` (vertexCount * 2). */
  apply(motion: Float32Array, target: Float32Array): void;
  /** The last frame's gaze shift of each iris in pixels: [Lx, Ly, Rx, Ry]. */
  readonly gazeShift: Float32Array;
  /** The last frame's head transform as an in-plane similarity: [cos, sin, tx, ty] (p' = R p + t). */
  readonly headTransform: Float32Array;
  /** The last frame's landmark depth (pixels, larger = farther from the camera), 478 values. */
  readonly depth: Float32Array;
  /** Whether the last frame had a head rotation (the triangle draw order then changes). */
  readonly posed: () => boolean;
}

const index = (name: string) => CHANNEL_NAMES.indexOf(name);

export function createFaceMotion(
  topology: MeshTopology,
  basis: DeformationBasis,
  options: { intensity: number },
): FaceMotion {
  const { base, z, frame, groups, vertexCount, ringStart, ringCount, ringSource, ringWeight } = topology;
  const n = LANDMARK_COUNT;
  const scale = MOTION_CHANNELS.map((c) =>
    c.group === 'au' && !FACE_MOTION_DEFAULTS.unscaledAus.includes(c.au!) ? options.intensity : 1,
  );
  const ceiling = MOTION_CHANNELS.map(
    (c) => FACE_MOTION_DEFAULTS.auCeiling[c.name] ?? Number.POSITIVE_INFINITY,
  );
  const [yawI, pitchI, rollI, gazeXI, gazeYI] = ['headYaw', 'headPitch', 'headRoll', 'gazeX', 'gazeY'].map(
    index,
  );
  // Mouth-opening channels and their opening at 1 (jaw drop + inner-lip travel), for the p-norm union.
  const openingOf = (t: DisplacementTerm) =>
    t.kind === 'jaw'
      ? t.amount
      : t.kind === 'group' && (t.group === 'lowerLipInner' || t.group === 'upperLipInner')
        ? Math.abs(t.d[1])
        : 0;
  const jaw = (FACE_MOTION_DEFAULTS.openingChannels as readonly string[]).flatMap((name) => {
    const amount = (AU_DISPLACEMENTS[name]?.terms ?? []).reduce((sum, t) => sum + openingOf(t), 0);
    const c = CHANNEL_NAMES.indexOf(name);
    return amount > 0 && c >= 0 ? [{ c, amount }] : [];
  });
  const jawNorm = FACE_MOTION_DEFAULTS.jawUnionNorm;
  const [jawOpenI, au17I, ...pressI] = ['jawOpen', 'AU17', 'AU23', 'AU24', 'AU28'].map(index);
  const weight = new Float32Array(CHANNEL_NAMES.length);
  const [cx, cy] = topology.centre;
  const sil = groups.silhouette;
  // Rotation axis at the depth of the silhouette's sides (about the ears), so the face's side contour
  // stays roughly in place while the nose and chin swing.
  const sides = sil.filter((v) => Math.abs(topology.canonical[v * 2]!) > 0.75);
  const cz =
    (sides.length ? sides : sil).reduce((s, v) => s + z[v]!, 0) / (sides.length || sil.length) +
    FACE_MOTION_DEFAULTS.headCentreDepth * frame.iod;
  const eyeWidth = (chain: readonly number[]) =>
    Math.hypot(
      base[chain[0]! * 2]! - base[chain.at(-1)! * 2]!,
      base[chain[0]! * 2 + 1]! - base[chain.at(-1)! * 2 + 1]!,
    );
  const widthL = eyeWidth(groups.upperLidL);
  const widthR = eyeWidth(groups.upperLidR);
  // Canonical y of a position: projection on the face's down axis.
  const ny = -frame.uy;
  const nx = frame.ux;
  const cyOf = (p: Float32Array, v: number) => p[v * 2]! * ny + p[v * 2 + 1]! * nx;
  const disp = new Float32Array(n * 2);
  const gazeShift = new Float32Array(4);
  const headTransform = new Float32Array([1, 0, 0, 0]);
  const depth = Float32Array.from(z);
  let posed = false;

  const order = (p: Float32Array, upper: readonly number[], lower: readonly number[], meet: boolean) => {
    for (let i = 1; i + 1 < upper.length && i + 1 < lower.length; i++) {
      const u = upper[i]!;
      const l = lower[i]!;
      const excess = cyOf(p, u) - cyOf(p, l);
      if (excess <= 0) continue;
      // Move along the down axis: the upper one up to the lower one (or both to the middle).
      const du = meet ? excess / 2 : excess;
      const dl = meet ? excess / 2 : 0;
      p[u * 2] = p[u * 2]! - du * ny;
      p[u * 2 + 1] = p[u * 2 + 1]! - du * nx;
      p[l * 2] = p[l * 2]! + dl * ny;
      p[l * 2 + 1] = p[l * 2 + 1]! + dl * nx;
    }
  };

  return {
    gazeShift,
    headTransform,
    depth,
    posed: () => posed,
    apply(motion, target) {
      if (motion.length < CHANNEL_NAMES.length) {
        throw new RangeError(`motion has ${motion.length} values, expected ${CHANNEL_NAMES.length}`);
      }
      if (target.length < vertexCount * 2) throw new RangeError(`target needs ${vertexCount * 2} values`);
      disp.fill(0);
      for (let c = 0; c < weight.length; c++) weight[c] = Math.min(motion[c]! * scale[c]!, ceiling[c]!);
      const press = Math.max(0, ...pressI.map((c) => weight[c!]!));
      const tension = Math.min(1, press + Math.max(0, weight[au17I!]!) / 2);
      weight[jawOpenI!] = weight[jawOpenI!]! * (1 - FACE_MOTION_DEFAULTS.tenseSpeech * tension);
      let drop = 0;
      let dropP = 0;
      for (const { c, amount } of jaw) {
        const a = Math.max(0, weight[c]!) * amount;
        drop += a;
        dropP += a ** jawNorm;
      }
      if (drop > 0) {
        const k = dropP ** (1 / jawNorm) / drop;
        for (const { c } of jaw) weight[c] = weight[c]! * k;
      }
      basis.channels.forEach((b, c) => {
        const m = weight[c]!;
        if (!b || m === 0 || !Number.isFinite(m)) return;
        for (let k = 0; k < disp.length; k++) disp[k] = disp[k]! + m * b[k]!;
      });
      const unsmile = smileConflict(motion);
      if (unsmile > 0) for (let k = 0; k < disp.length; k++) disp[k] = disp[k]! + unsmile * basis.unsmile[k]!;
      for (let k = 0; k < n * 2; k++) target[k] = base[k]! + disp[k]!;
      // Lid closure and lip pressing must not cross the contours.
      order(target, groups.upperLidL, groups.lowerLidL, false);
      order(target, groups.upperLidR, groups.lowerLidR, false);
      order(target, groups.upperLipInner, groups.lowerLipInner, true);

      const [gx0, gy0] = [motion[gazeXI!] ?? 0, motion[gazeYI!] ?? 0];
      const gx = Math.max(-1, Math.min(1, gx0));
      const gy = Math.max(-1, Math.min(1, gy0));
      const [tx, ty] = FACE_MOTION_DEFAULTS.gazeTravel;
      const irisShift = (iris: readonly number[], width: number, slot: number) => {
        const dx = gx * tx * width;
        const dy = gy * ty * width;
        gazeShift[slot] = dx * frame.ux - dy * frame.uy;
        gazeShift[slot + 1] = dx * frame.uy + dy * frame.ux;
        for (const v of iris) {
          target[v * 2] = target[v * 2]! + gazeShift[slot]!;
          target[v * 2 + 1] = target[v * 2 + 1]! + gazeShift[slot + 1]!;
        }
      };
      irisShift(groups.irisL, widthL, 0);
      irisShift(groups.irisR, widthR, 2);

      const yaw = motion[yawI!] ?? 0;
      const pitch = motion[pitchI!] ?? 0;
      const roll = motion[rollI!] ?? 0;
      posed = yaw !== 0 || pitch !== 0 || roll !== 0;
      if (posed) {
        const [cyw, syw, cp, sp, cr, sr] = [yaw, pitch, roll].flatMap((a) => [
          Math.cos(a),
          Math.sin(a),
        ]) as number[];
        for (let v = 0; v < n; v++) {
          const x = target[v * 2]! - cx;
          const y = target[v * 2 + 1]! - cy;
          const zz = z[v]! - cz;
          // Yaw about the vertical axis, then pitch about the horizontal one (z towards the camera is
          // negative, so a forward point moves towards +x / +y), then roll in the image plane.
          const x1 = x * cyw! - zz * syw!;
          const z1 = x * syw! + zz * cyw!;
          const y1 = y * cp! - z1 * sp!;
          depth[v] = cz + y * sp! + z1 * cp!;
          target[v * 2] = cx + x1 * cr! - y1 * sr!;
          target[v * 2 + 1] = cy + x1 * sr! + y1 * cr!;
        }
        // In-plane similarity of the mouth region (for the teeth, which move with the head).
        const mouth = groups.upperLipInner[Math.floor(groups.upperLipInner.length / 2)]!;
        const mx = base[mouth * 2]! - cx;
        const my = base[mouth * 2 + 1]! - cy;
        const mz = z[mouth]! - cz;
        const x1 = mx * cyw! - mz * syw!;
        const y1 = my * cp! - (mx * syw! + mz * cyw!) * sp!;
        headTransform[0] = cr!;
        headTransform[1] = sr!;
        headTransform[2] = cx + x1 * cr! - y1 * sr! - (cr! * (mx + cx) - sr! * (my + cy));
        headTransform[3] = cy + x1 * sr! + y1 * cr! - (sr! * (mx + cx) + cr! * (my + cy));
      } else {
        headTransform.set([1, 0, 0, 0]);
        depth.set(z);
      }

      for (let k = 0; k < 2 * ringCount; k++) {
        const v = ringStart + k;
        const s = ringSource[k]!;
        const w = ringWeight[k]!;
        target[v * 2] = base[v * 2]! + w * (target[s * 2]! - base[s * 2]!);
        target[v * 2 + 1] = base[v * 2 + 1]! + w * (target[s * 2 + 1]! - base[s * 2 + 1]!);
      }
      for (let k = (ringStart + 2 * ringCount) * 2; k < vertexCount * 2; k++) target[k] = base[k]!;
    },
  };
}
