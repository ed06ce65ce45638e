/**
 * Channel masks: Float32Array(D) with 1 on the channels a guidance region (or a channel group)
 * owns and 0 elsewhere, read from the channel table in `channels.ts`.
 */
import { type ChannelGroup, GUIDANCE_REGIONS, type GuidanceRegion, MOTION_CHANNELS } from './channels.js';

export type RegionMasks = Readonly<Record<GuidanceRegion, Float32Array>>;

/** m_r for every guidance region (brows, eyes, noseCheeks, mouth, jaw); disjoint by construction. */
export function regionMasks(): RegionMasks {
  const masks = Object.fromEntries(
    GUIDANCE_REGIONS.map((region) => [
      region,
      Float32Array.from(MOTION_CHANNELS, (c) => (c.region === region ? 1 : 0)),
    ]),
  );
  return masks as Record<GuidanceRegion, Float32Array>;
}

/** 1 on the channels of one group ('au', 'articulation', 'head', 'gaze', 'blink'). */
export function groupMask(group: ChannelGroup): Float32Array {
  return Float32Array.from(MOTION_CHANNELS, (c) => (c.group === group ? 1 : 0));
}

/** The channel indices where a mask is non-zero. */
export function maskIndices(mask: Float32Array): number[] {
  const indices: number[] = [];
  mask.forEach((m, d) => {
    if (m !== 0) indices.push(d);
  });
  return indices;
}
