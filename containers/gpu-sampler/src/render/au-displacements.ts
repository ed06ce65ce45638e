/**
 * What each action unit and articulation channel moves, authored from FACS (Ekman, Friesen & Hager,
 * FACS Manual 2002) in the canonical face frame: x along the eye line (towards the subject's left),
 * y down, unit = inter-ocular distance (IOD). Values are the displacement at intensity 1.
 *
 * Terms:
 * - `group`: the named landmarks move by `d` (times a profile if asked: `arch` along a lid, 0 at the
 *   corners; `innerToOuter` / `outerToInner` along a brow, 1 -> 0.2); every other landmark follows with
 *   weight exp(-r² / 2 spread²), r = canonical distance to the nearest group landmark (the vertical
 *   part scaled by spread / spreadBelow below the group).
 * - `blob`: a Gaussian bump (sigma x, y) centred on a group's centroid (+ `offset`) moves by `d`.
 * - `closeLips`: the inner lips meet halfway (the lip bodies follow, by `follow` at the inner edge
 *   fading to 0 at 0.2 IOD: 0.7 keeps the lips' thickness, as pressing does; less thickens them, as
 *   relaxing a stretched smile does); size from the portrait's own
 *   lip gap, so it closes an open source mouth. `closeLids`: the upper lid moves onto the lower lid.
 * - `jaw`: mandible rotation about the hinge: the chin drops `amount` IOD, the lower lip and jaw line
 *   follow (mandible mask), less towards the hinge.
 * - `mask`: `mandible` weights by the landmark's mandible membership (lower lip, chin, jaw: 1; upper
 *   lip and above: 0); `maxilla` by its complement. This keeps the two lips apart when one moves.
 *   `brow`: 0 on the lid margins and below the top of the eyes, 1 from a little above them: brow
 *   motion stretches the lid fold but does not open or close the eye.
 *
 * Side stems (`browInner`, `lipCorner`, ...) resolve to the subject's left and right groups; their
 * `d[0]` and `offset[0]` are *outward* (away from the midline) and are mirrored for the right side.
 */

export type SideStem =
  | 'brow'
  | 'browInner'
  | 'browOuter'
  | 'upperLid'
  | 'lowerLid'
  | 'upperLidFold'
  | 'belowEye'
  | 'lipCorner'
  | 'noseWing'
  | 'cheek';
export type CentreGroup =
  | 'upperLip'
  | 'lowerLip'
  | 'upperLipOuter'
  | 'lowerLipOuter'
  | 'upperLipInner'
  | 'lowerLipInner'
  | 'chin'
  | 'noseTip'
  | 'noseBridge';
export type Mask = 'mandible' | 'maxilla' | 'brow';
type Vec = readonly [number, number];

export type DisplacementTerm =
  | {
      readonly kind: 'group';
      readonly group: SideStem | CentreGroup;
      readonly d: Vec;
      readonly spread: number;
      /** Falloff spread towards +y (below the group), if different (brows: little reaches the eyes). */
      readonly spreadBelow?: number;
      readonly profile?: 'arch' | 'innerToOuter' | 'outerToInner';
      readonly mask?: Mask;
    }
  | {
      readonly kind: 'blob';
      readonly at: SideStem | CentreGroup;
      readonly offset?: Vec;
      readonly sigma: Vec;
      readonly d: Vec;
      readonly mask?: Mask;
    }
  | {
      readonly kind: 'closeLips';
      readonly amount: number;
      /** How much of the inner lip's motion the rest of the lip body takes (see closeLips). @default 0.7 */
      readonly follow?: number;
    }
  | { readonly kind: 'closeLids' | 'jaw'; readonly amount: number };

export interface ChannelDisplacement {
  /** Which sides the side-stem terms apply to. */
  readonly sides: 'both' | 'left' | 'right';
  readonly terms: readonly DisplacementTerm[];
}

const lateral = (terms: readonly DisplacementTerm[]) => ({
  left: { sides: 'left', terms } as ChannelDisplacement,
  right: { sides: 'right', terms } as ChannelDisplacement,
});
const both = (terms: readonly DisplacementTerm[]): ChannelDisplacement => ({ sides: 'both', terms });

const AU2 = lateral([
  {
    kind: 'group',
    group: 'brow',
    d: [0.01, -0.095],
    spread: 0.26,
    spreadBelow: 0.05,
    profile: 'outerToInner',
    mask: 'brow',
  },
  { kind: 'group', group: 'upperLidFold', d: [0, -0.015], spread: 0.04 },
]);
const AU12 = lateral([
  { kind: 'group', group: 'lipCorner', d: [0.09, -0.085], spread: 0.2 },
  { kind: 'blob', at: 'cheek', offset: [0, 0], sigma: [0.22, 0.2], d: [0.015, -0.045] },
  { kind: 'blob', at: 'lowerLid', offset: [0.05, 0.12], sigma: [0.2, 0.12], d: [0, -0.02] },
]);
const AU14 = lateral([
  { kind: 'group', group: 'lipCorner', d: [-0.045, -0.01], spread: 0.14 },
  { kind: 'blob', at: 'lipCorner', offset: [0.08, 0], sigma: [0.08, 0.08], d: [-0.02, 0] },
]);

/** Per channel name (see core/motion/channels.ts); channels not listed move nothing. */
export const AU_DISPLACEMENTS: Readonly<Record<string, ChannelDisplacement>> = {
  AU1: both([
    {
      kind: 'group',
      group: 'brow',
      d: [0, -0.095],
      spread: 0.26,
      spreadBelow: 0.05,
      profile: 'innerToOuter',
      mask: 'brow',
    },
    { kind: 'group', group: 'upperLidFold', d: [0, -0.012], spread: 0.04 },
  ]),
  AU2L: AU2.left,
  AU2R: AU2.right,
  AU4: both([
    { kind: 'group', group: 'browInner', d: [-0.065, 0.08], spread: 0.1, spreadBelow: 0.05, mask: 'brow' },
    { kind: 'group', group: 'browOuter', d: [-0.02, 0.035], spread: 0.1, spreadBelow: 0.05, mask: 'brow' },
    { kind: 'group', group: 'upperLid', d: [0, 0.012], spread: 0.04, profile: 'arch' },
  ]),
  AU5: both([
    { kind: 'group', group: 'upperLid', d: [0, -0.06], spread: 0.06, profile: 'arch' },
    { kind: 'group', group: 'upperLidFold', d: [0, -0.02], spread: 0.06 },
  ]),
  AU6: both([
    { kind: 'blob', at: 'cheek', offset: [0.02, -0.12], sigma: [0.24, 0.16], d: [0, -0.06] },
    { kind: 'group', group: 'lowerLid', d: [0, -0.03], spread: 0.06, profile: 'arch' },
    { kind: 'group', group: 'belowEye', d: [0, -0.03], spread: 0.08 },
    { kind: 'blob', at: 'browOuter', offset: [0.05, 0.1], sigma: [0.1, 0.1], d: [0, 0.02] },
  ]),
  AU7: both([
    { kind: 'group', group: 'lowerLid', d: [0, -0.04], spread: 0.05, profile: 'arch' },
    { kind: 'group', group: 'upperLid', d: [0, 0.015], spread: 0.04, profile: 'arch' },
  ]),
  AU9: both([
    { kind: 'group', group: 'noseWing', d: [0.01, -0.07], spread: 0.12 },
    { kind: 'group', group: 'upperLip', d: [0, -0.035], spread: 0.06, mask: 'maxilla' },
    { kind: 'group', group: 'browInner', d: [-0.03, 0.05], spread: 0.1 },
    { kind: 'group', group: 'lowerLid', d: [0, -0.015], spread: 0.05, profile: 'arch' },
  ]),
  AU10: both([
    { kind: 'group', group: 'upperLip', d: [0, -0.06], spread: 0.08, mask: 'maxilla' },
    {
      kind: 'blob',
      at: 'lipCorner',
      offset: [-0.1, -0.05],
      sigma: [0.08, 0.06],
      d: [0, -0.025],
      mask: 'maxilla',
    },
    { kind: 'group', group: 'noseWing', d: [0, -0.025], spread: 0.1 },
  ]),
  AU11: both([{ kind: 'blob', at: 'noseWing', offset: [0.12, 0.1], sigma: [0.1, 0.12], d: [0.01, -0.03] }]),
  AU12L: AU12.left,
  AU12R: AU12.right,
  AU14L: AU14.left,
  AU14R: AU14.right,
  AU15: both([
    { kind: 'group', group: 'lipCorner', d: [0.01, 0.085], spread: 0.17 },
    {
      kind: 'blob',
      at: 'lipCorner',
      offset: [-0.1, 0.05],
      sigma: [0.1, 0.08],
      d: [0, 0.02],
      mask: 'mandible',
    },
  ]),
  AU16: both([
    { kind: 'group', group: 'lowerLip', d: [0, 0.07], spread: 0.1, mask: 'mandible' },
    { kind: 'group', group: 'lipCorner', d: [0, 0.01], spread: 0.05 },
  ]),
  AU17: both([
    { kind: 'group', group: 'chin', d: [0, -0.06], spread: 0.15, mask: 'mandible' },
    { kind: 'group', group: 'lowerLip', d: [0, -0.045], spread: 0.08, mask: 'mandible' },
    { kind: 'group', group: 'lipCorner', d: [0, 0.02], spread: 0.05 },
  ]),
  AU18: both([
    { kind: 'group', group: 'lipCorner', d: [-0.13, 0], spread: 0.14 },
    { kind: 'group', group: 'upperLipOuter', d: [0, -0.015], spread: 0.04, mask: 'maxilla' },
    { kind: 'group', group: 'lowerLipOuter', d: [0, 0.015], spread: 0.04, mask: 'mandible' },
  ]),
  AU20: both([
    { kind: 'group', group: 'lipCorner', d: [0.11, 0.02], spread: 0.18 },
    { kind: 'group', group: 'lowerLipOuter', d: [0, 0.01], spread: 0.05, mask: 'mandible' },
  ]),
  AU22: both([
    { kind: 'group', group: 'lipCorner', d: [-0.07, 0], spread: 0.12 },
    { kind: 'group', group: 'upperLipInner', d: [0, -0.025], spread: 0.04, mask: 'maxilla' },
    { kind: 'group', group: 'lowerLipInner', d: [0, 0.035], spread: 0.04, mask: 'mandible' },
  ]),
  AU23: both([
    { kind: 'closeLips', amount: 0.5 },
    { kind: 'group', group: 'upperLipOuter', d: [0, 0.025], spread: 0.03, mask: 'maxilla' },
    { kind: 'group', group: 'lowerLipOuter', d: [0, -0.025], spread: 0.03, mask: 'mandible' },
    { kind: 'group', group: 'lipCorner', d: [-0.025, 0], spread: 0.1 },
  ]),
  AU24: both([
    { kind: 'closeLips', amount: 1 },
    { kind: 'group', group: 'upperLipOuter', d: [0, 0.015], spread: 0.03, mask: 'maxilla' },
    { kind: 'group', group: 'lowerLipOuter', d: [0, -0.02], spread: 0.03, mask: 'mandible' },
  ]),
  AU25: both([
    { kind: 'group', group: 'lowerLipInner', d: [0, 0.045], spread: 0.1, mask: 'mandible' },
    { kind: 'group', group: 'upperLipInner', d: [0, -0.015], spread: 0.06, mask: 'maxilla' },
  ]),
  AU26: both([{ kind: 'jaw', amount: 0.2 }]),
  AU27: both([
    { kind: 'jaw', amount: 0.5 },
    { kind: 'group', group: 'lipCorner', d: [-0.04, 0.02], spread: 0.12 },
    { kind: 'group', group: 'upperLipInner', d: [0, -0.03], spread: 0.06, mask: 'maxilla' },
  ]),
  AU28: both([
    { kind: 'closeLips', amount: 1 },
    { kind: 'group', group: 'upperLipOuter', d: [0, 0.045], spread: 0.03, mask: 'maxilla' },
    { kind: 'group', group: 'lowerLipOuter', d: [0, -0.045], spread: 0.03, mask: 'mandible' },
  ]),
  AU43: both([{ kind: 'closeLids', amount: 1 }]),
  // Speech: at 1 (the loudest open vowels) the inner lips part by ~0.23 IOD (~1.5 cm), as in
  // conversational speech; a wider jaw is AU26 / AU27's (an open-mouthed expression).
  jawOpen: both([
    { kind: 'jaw', amount: 0.25 },
    { kind: 'group', group: 'lowerLipInner', d: [0, 0.025], spread: 0.06, mask: 'mandible' },
  ]),
  lipRound: both([
    { kind: 'group', group: 'lipCorner', d: [-0.12, 0], spread: 0.14 },
    { kind: 'group', group: 'upperLipOuter', d: [0, -0.02], spread: 0.04, mask: 'maxilla' },
    { kind: 'group', group: 'lowerLipOuter', d: [0, 0.02], spread: 0.04, mask: 'mandible' },
  ]),
  lipSpread: both([
    { kind: 'group', group: 'lipCorner', d: [0.08, -0.01], spread: 0.16 },
    { kind: 'group', group: 'upperLipOuter', d: [0, 0.01], spread: 0.03, mask: 'maxilla' },
  ]),
  lipClose: both([
    { kind: 'closeLips', amount: 1 },
    { kind: 'group', group: 'upperLipOuter', d: [0, 0.008], spread: 0.03, mask: 'maxilla' },
    { kind: 'group', group: 'lowerLipOuter', d: [0, -0.008], spread: 0.03, mask: 'mandible' },
  ]),
  blink: both([{ kind: 'closeLids', amount: 1 }]),
};
