/**
 * Action-unit prototypes of emotion categories: which AUs a face shows for an emotion, and how
 * strongly relative to the emotion's own intensity (`weight`, 0..1: AU intensity = emotion
 * intensity x weight).
 *
 * Sources:
 * - Basic emotions: the EMFACS prototypes of Ekman & Friesen (FACS Investigator's Guide, 2002,
 *   Table 10-1; e.g. sadness 1+4+15, contempt R12A+R14A), with the AUs that Du, Tao & Martinez
 *   (2014) found in most subjects added at lower weight (e.g. AU25 in happiness). Contempt is
 *   one-sided. Two are chosen and weighted for a face that speaks:
 *   - anger is EMFACS's open-mouth variant (4+5+7+10+25), not the pressed-lips one (4+5+7+23+24):
 *     pressed lips cannot be held while the mouth articulates, and in the videos they read as
 *     neutral. AU16 (the lower lip pulled down, both rows of teeth bared) and a little AU9 are
 *     added; weights tuned so human's emotion model reads the example speech as angry on the
 *     neutral eval portraits (bench/eval/clip-probe.ts; `npm run eval`: 0 -> 2 of 4 videos) while
 *     every frame stays the same person (similarity > 0.5) and the lips follow the speech;
 *   - fear keeps EMFACS's 1+2+4+5+20+25/26 with the brow raise led by AU2, wide eyes (AU5), the
 *     lids tightened a little (AU7), the lips parted rather than the jaw dropped (AU25 > AU26),
 *     tuned the same way (fear read on 2 of 4 neutral-portrait videos, before 0).
 * - Compound emotions: Du, Tao & Martinez, "Compound facial expressions of emotion", PNAS 111(15)
 *   E1454-E1462 (2014), Table 1: the AUs used by more than 70% of the 230 subjects (weight 1),
 *   and the variable AUs with the share of subjects that used them (kept when used by at least
 *   half of them, at weight share x 0.8).
 * - Other affective states (tired, calm, anxious, ...): see affective-states.ts.
 *
 * Valence is -1..1 and arousal 0..1, placed on Russell's circumplex (1980).
 */
import { AFFECTIVE_STATES } from './affective-states.js';
import { DU_2014_COMPOUNDS, type DuRow } from './du-2014-compounds.js';

export { DU_2014_COMPOUNDS, type DuRow };

export interface PrototypeAu {
  readonly au: number;
  /** AU intensity per unit of emotion intensity, 0..1. */
  readonly weight: number;
  /** One side of the face only (contempt, a smirk). */
  readonly unilateral?: boolean;
}

export type EmotionKind = 'basic' | 'compound' | 'state';

export interface EmotionPrototype {
  readonly label: string;
  readonly kind: EmotionKind;
  readonly valence: number;
  readonly arousal: number;
  readonly aus: readonly PrototypeAu[];
  /** Compounds: the two basic emotions, in the order of the compound's name. */
  readonly components?: readonly [BasicEmotion, BasicEmotion];
  /** Where the AU set comes from. */
  readonly source: string;
}

export const BASIC_EMOTIONS = [
  'happy',
  'sad',
  'fearful',
  'angry',
  'surprised',
  'disgusted',
  'contempt',
] as const;
export type BasicEmotion = (typeof BASIC_EMOTIONS)[number];

const EMFACS = 'EMFACS (Ekman & Friesen) with Du, Tao & Martinez 2014 Table 1';
const DU = 'Du, Tao & Martinez 2014, PNAS, Table 1';

const aus = (...pairs: readonly [number, number][]): PrototypeAu[] =>
  pairs.map(([au, weight]) => ({ au, weight }));

const basic = (
  label: BasicEmotion,
  valence: number,
  arousal: number,
  units: PrototypeAu[],
): EmotionPrototype => ({
  label,
  kind: 'basic',
  valence,
  arousal,
  aus: units,
  source: EMFACS,
});

export const BASIC_PROTOTYPES: readonly EmotionPrototype[] = [
  basic('happy', 0.8, 0.6, aus([6, 0.7], [12, 1], [25, 0.5])),
  basic('sad', -0.7, 0.25, aus([1, 0.8], [4, 0.6], [15, 0.9], [17, 0.5])),
  basic(
    'fearful',
    -0.7,
    0.8,
    aus([1, 0.54], [2, 0.96], [4, 0.75], [5, 0.98], [7, 0.62], [20, 0.37], [25, 1], [26, 0.31]),
  ),
  basic('angry', -0.7, 0.8, aus([4, 0.97], [5, 0.3], [7, 0.31], [9, 0.25], [10, 0.34], [16, 0.68], [25, 1])),
  basic('surprised', 0.1, 0.85, aus([1, 1], [2, 1], [5, 0.6], [25, 0.8], [26, 0.8])),
  basic('disgusted', -0.7, 0.5, aus([4, 0.35], [9, 0.9], [10, 0.8], [17, 0.6], [24, 0.3])),
  basic('contempt', -0.5, 0.35, [
    { au: 12, weight: 0.45, unilateral: true },
    { au: 14, weight: 0.8, unilateral: true },
  ]),
];

/** Variable AUs are kept when at least this share of Du et al.'s subjects showed them. */
export const VARIABLE_AU_MIN_SHARE = 0.5;
/** Weight of a kept variable AU per unit of share. */
export const VARIABLE_AU_WEIGHT = 0.8;

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

function compoundPrototype(row: DuRow): EmotionPrototype {
  const units: PrototypeAu[] = [
    ...row.consistent.map((au) => ({ au, weight: 1 })),
    ...row.variable
      .filter(([, share]) => share >= VARIABLE_AU_MIN_SHARE)
      .map(([au, share]) => ({ au, weight: round3(share * VARIABLE_AU_WEIGHT) })),
  ].sort((a, b) => a.au - b.au);
  return {
    label: row.label,
    kind: 'compound',
    valence: row.valence,
    arousal: row.arousal,
    aus: units,
    ...(row.components ? { components: row.components } : {}),
    source: DU,
  };
}

export const COMPOUND_PROTOTYPES: readonly EmotionPrototype[] = DU_2014_COMPOUNDS.map(compoundPrototype);

/** Every prototype: basic, compound, then the other affective states. */
export const PROTOTYPES: readonly EmotionPrototype[] = [
  ...BASIC_PROTOTYPES,
  ...COMPOUND_PROTOTYPES,
  ...AFFECTIVE_STATES,
];

const BY_LABEL: ReadonlyMap<string, EmotionPrototype> = new Map(PROTOTYPES.map((p) => [p.label, p]));

/** The prototype for an emotion label ("sad", "happily surprised", "tired"), or undefined. */
export function emotionPrototype(label: string): EmotionPrototype | undefined {
  return BY_LABEL.get(label);
}

export function requirePrototype(label: string): EmotionPrototype {
  const prototype = BY_LABEL.get(label);
  if (!prototype) throw new RangeError(`no prototype for emotion "${label}"`);
  return prototype;
}

/**
 * The pairwise compound of two basic emotions (either order), e.g. happy + surprised ->
 * "happily surprised". Only the twelve two-component categories of Du et al. are returned;
 * appalled, hatred and awed are reached through their own words.
 */
export function compoundOf(a: string, b: string): EmotionPrototype | undefined {
  return COMPOUND_PROTOTYPES.find(
    (p) =>
      p.components &&
      ((p.components[0] === a && p.components[1] === b) || (p.components[0] === b && p.components[1] === a)),
  );
}

/**
 * The prototype nearest to a (valence, arousal) point, among `candidates` (labels); used to
 * name words that only carry an affect estimate. Ties go to the earlier candidate.
 */
export function nearestPrototype(
  valence: number,
  arousal: number,
  candidates: readonly string[],
): EmotionPrototype {
  let best: EmotionPrototype | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const label of candidates) {
    const p = requirePrototype(label);
    const distance = Math.hypot(p.valence - valence, p.arousal - arousal);
    if (distance < bestDistance) {
      best = p;
      bestDistance = distance;
    }
  }
  if (!best) throw new RangeError('nearestPrototype needs at least one candidate');
  return best;
}
