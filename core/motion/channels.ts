/**
 * The motion channels: what the Draw stage samples per video frame.
 *
 * A motion sequence is a T x D matrix (T frames, D = MOTION_CHANNELS.length). Channel order is part
 * of the denoiser contract (`model.json` names it), so append new channels, never reorder.
 *
 * - `AU<n>`: FACS action-unit intensity 0..1. Lateral AUs are split into `AU<n>L` / `AU<n>R`
 *   (the subject's own left / right), so a smirk or contempt can be one-sided.
 * - Speech articulation 0..1: `jawOpen`, `lipRound`, `lipSpread`, `lipClose`; pinned to the audio.
 * - Head pose in radians, gaze in normalised units (-1..1 of the eye's travel), `blink` 0..1.
 */
export type ChannelGroup = 'au' | 'articulation' | 'head' | 'gaze' | 'blink';
export type GuidanceRegion = 'brows' | 'eyes' | 'noseCheeks' | 'mouth' | 'jaw';

export interface ChannelSpec {
  readonly name: string;
  readonly group: ChannelGroup;
  /** FACS AU number for `au` channels. */
  readonly au?: number;
  /** For split lateral AUs: which side this channel is. */
  readonly side?: 'left' | 'right';
  /** The guidance region that owns the channel, if any. */
  readonly region?: GuidanceRegion;
  readonly min: number;
  readonly max: number;
}

const au = (n: number, region: GuidanceRegion, side?: 'left' | 'right'): ChannelSpec => ({
  name: `AU${n}${side === 'left' ? 'L' : side === 'right' ? 'R' : ''}`,
  group: 'au',
  au: n,
  ...(side ? { side } : {}),
  region,
  min: 0,
  max: 1,
});

export const MOTION_CHANNELS: readonly ChannelSpec[] = [
  au(1, 'brows'),
  au(2, 'brows', 'left'),
  au(2, 'brows', 'right'),
  au(4, 'brows'),
  au(5, 'eyes'),
  au(6, 'noseCheeks'),
  au(7, 'eyes'),
  au(9, 'noseCheeks'),
  au(10, 'noseCheeks'),
  au(11, 'noseCheeks'),
  au(12, 'mouth', 'left'),
  au(12, 'mouth', 'right'),
  au(14, 'mouth', 'left'),
  au(14, 'mouth', 'right'),
  au(15, 'mouth'),
  au(16, 'mouth'),
  au(17, 'jaw'),
  au(18, 'mouth'),
  au(20, 'mouth'),
  au(22, 'mouth'),
  au(23, 'mouth'),
  au(24, 'mouth'),
  au(25, 'mouth'),
  au(26, 'jaw'),
  au(27, 'jaw'),
  au(28, 'mouth'),
  au(43, 'eyes'),
  { name: 'jawOpen', group: 'articulation', min: 0, max: 1 },
  { name: 'lipRound', group: 'articulation', min: 0, max: 1 },
  { name: 'lipSpread', group: 'articulation', min: 0, max: 1 },
  { name: 'lipClose', group: 'articulation', min: 0, max: 1 },
  { name: 'headYaw', group: 'head', min: -0.35, max: 0.35 },
  { name: 'headPitch', group: 'head', min: -0.35, max: 0.35 },
  { name: 'headRoll', group: 'head', min: -0.25, max: 0.25 },
  { name: 'gazeX', group: 'gaze', min: -1, max: 1 },
  { name: 'gazeY', group: 'gaze', min: -1, max: 1 },
  { name: 'blink', group: 'blink', min: 0, max: 1 },
];

export const CHANNEL_NAMES: readonly string[] = MOTION_CHANNELS.map((c) => c.name);
export const CHANNEL_COUNT = MOTION_CHANNELS.length;
export const ARTICULATION_CHANNELS = ['jawOpen', 'lipRound', 'lipSpread', 'lipClose'] as const;
export type ArticulationChannel = (typeof ARTICULATION_CHANNELS)[number];
export const GUIDANCE_REGIONS: readonly GuidanceRegion[] = ['brows', 'eyes', 'noseCheeks', 'mouth', 'jaw'];

/** AUs whose intensity is split per side. */
export const LATERAL_AUS: ReadonlySet<number> = new Set(
  MOTION_CHANNELS.filter((c) => c.side === 'left').map((c) => c.au as number),
);

export function channelIndex(name: string): number {
  const i = CHANNEL_NAMES.indexOf(name);
  if (i < 0) throw new RangeError(`unknown motion channel "${name}"; known: ${CHANNEL_NAMES.join(', ')}`);
  return i;
}
