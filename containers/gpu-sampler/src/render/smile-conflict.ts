/**
 * How much a frame's target contradicts a smile: the weight with which the renderer removes a
 * smiling source's own smile (its geometry in deformation-basis.ts, its shading in
 * expression-shading.ts). Zero motion gives 0, so the source is reproduced as it is.
 *
 *   w = clamp(sum_j c_j m_j, 0, 1) (1 - smile),   smile = max(AU12L, AU12R, 0.7 AU6)
 *
 * with the c_j below for the AUs of the non-happy basic emotions.
 */
import { CHANNEL_NAMES } from '../../../../core/motion/channels.js';

export const SMILE_CONFLICT = {
  AU1: 0.6,
  AU4: 1,
  AU5: 0.4,
  AU9: 1,
  AU10: 0.6,
  AU15: 1,
  AU17: 0.8,
  AU20: 0.8,
  AU23: 0.8,
  AU24: 0.8,
  AU26: 0.4,
  AU27: 0.6,
} as const satisfies Readonly<Record<string, number>>;

const weights = Object.entries(SMILE_CONFLICT).map(([name, c]) => [CHANNEL_NAMES.indexOf(name), c] as const);
const smileChannels = ['AU12L', 'AU12R', 'AU6'].map((name) => CHANNEL_NAMES.indexOf(name));

/** The unsmile weight w in [0, 1] for one frame of motion. */
export function smileConflict(motion: Float32Array): number {
  let sum = 0;
  for (const [i, c] of weights) sum += c * Math.max(0, motion[i] ?? 0);
  const [l, r, six] = smileChannels.map((i) => Math.max(0, motion[i!] ?? 0));
  const smile = Math.min(1, Math.max(l!, r!, 0.7 * six!));
  return Math.min(1, sum) * (1 - smile);
}
