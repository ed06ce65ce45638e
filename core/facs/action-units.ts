/**
 * The FACS action-unit catalogue: what each AU is, which muscle makes it, where on the face it
 * shows and what visibly moves. After Ekman, Friesen & Hager, *Facial Action Coding System*
 * (2002), the action descriptors used across the literature (e.g. Du, Tao & Martinez 2014).
 *
 * `region` is one of the plan's six description regions (brows, eyes, nose, cheeks, mouth, jaw).
 * `canBeLateral`: FACS scores the AU on one side only when the face does (a smirk, contempt,
 * a one-sided brow raise). AU46 (wink) is one-sided by definition.
 */
import type { Region } from '../plan/expression-plan.js';

export interface ActionUnitInfo {
  /** FACS number, e.g. 12. */
  readonly au: number;
  /** FACS name, e.g. "Lip Corner Puller". */
  readonly name: string;
  /** Muscle(s) whose contraction (or relaxation) produces the action. */
  readonly muscles: readonly string[];
  readonly region: Region;
  /** What an observer sees move, in plain words (present tense, no subject). */
  readonly movement: string;
  readonly canBeLateral: boolean;
}

const info = (
  au: number,
  name: string,
  muscles: readonly string[],
  region: Region,
  movement: string,
  canBeLateral: boolean,
): ActionUnitInfo => ({ au, name, muscles, region, movement, canBeLateral });

/** The catalogue, ordered by AU number. */
export const ACTION_UNITS: readonly ActionUnitInfo[] = [
  info(
    1,
    'Inner Brow Raiser',
    ['frontalis, pars medialis'],
    'brows',
    'raises the inner ends of the brows',
    true,
  ),
  info(
    2,
    'Outer Brow Raiser',
    ['frontalis, pars lateralis'],
    'brows',
    'raises the outer ends of the brows',
    true,
  ),
  info(
    4,
    'Brow Lowerer',
    ['corrugator supercilii', 'depressor supercilii', 'procerus'],
    'brows',
    'lowers the brows and draws them together, creasing the skin between them',
    true,
  ),
  info(
    5,
    'Upper Lid Raiser',
    ['levator palpebrae superioris'],
    'eyes',
    'raises the upper lids, widening the eyes and showing more white above the iris',
    true,
  ),
  info(
    6,
    'Cheek Raiser',
    ['orbicularis oculi, pars orbitalis'],
    'cheeks',
    "lifts the cheeks, bags the skin under the eyes and crinkles the eye corners (crow's feet)",
    true,
  ),
  info(
    7,
    'Lid Tightener',
    ['orbicularis oculi, pars palpebralis'],
    'eyes',
    'tightens and raises the lower lids, narrowing the eye opening',
    true,
  ),
  info(
    9,
    'Nose Wrinkler',
    ['levator labii superioris alaeque nasi'],
    'nose',
    'wrinkles the skin along the sides and bridge of the nose and pulls the brows down at the centre',
    false,
  ),
  info(
    10,
    'Upper Lip Raiser',
    ['levator labii superioris'],
    'nose',
    'raises the upper lip and deepens the furrow from the nostril wing to the lip corner',
    true,
  ),
  info(
    11,
    'Nasolabial Deepener',
    ['zygomaticus minor'],
    'cheeks',
    'pulls the skin beside the nose up and out, deepening the nasolabial furrow',
    true,
  ),
  info(
    12,
    'Lip Corner Puller',
    ['zygomaticus major'],
    'mouth',
    'pulls the lip corners up and back into a smile',
    true,
  ),
  info(14, 'Dimpler', ['buccinator'], 'mouth', 'tightens the lip corners inward, forming dimples', true),
  info(
    15,
    'Lip Corner Depressor',
    ['depressor anguli oris (triangularis)'],
    'mouth',
    'pulls the lip corners down',
    true,
  ),
  info(
    16,
    'Lower Lip Depressor',
    ['depressor labii inferioris'],
    'mouth',
    'pulls the lower lip down and out, showing the lower teeth',
    true,
  ),
  info(
    17,
    'Chin Raiser',
    ['mentalis'],
    'jaw',
    'pushes the chin boss and the lower lip up, wrinkling the chin',
    false,
  ),
  info(
    18,
    'Lip Pucker',
    ['incisivii labii superioris', 'incisivii labii inferioris'],
    'mouth',
    'draws the lips forward and together into a pucker',
    false,
  ),
  info(
    20,
    'Lip Stretcher',
    ['risorius', 'platysma'],
    'mouth',
    'stretches the lips sideways, flattening them and pulling the corners out',
    true,
  ),
  info(22, 'Lip Funneler', ['orbicularis oris'], 'mouth', 'funnels the lips outward', false),
  info(
    23,
    'Lip Tightener',
    ['orbicularis oris'],
    'mouth',
    'tightens and narrows the lips, rolling their red parts in',
    false,
  ),
  info(24, 'Lip Pressor', ['orbicularis oris'], 'mouth', 'presses the lips firmly together', false),
  info(
    25,
    'Lips Part',
    ['depressor labii inferioris', 'relaxation of mentalis and orbicularis oris'],
    'mouth',
    'parts the lips',
    false,
  ),
  info(
    26,
    'Jaw Drop',
    ['relaxation of masseter, temporalis and internal pterygoid'],
    'jaw',
    'lets the jaw fall open',
    false,
  ),
  info(
    27,
    'Mouth Stretch',
    ['pterygoids', 'digastric'],
    'jaw',
    'pulls the jaw wide open, stretching the mouth',
    false,
  ),
  info(28, 'Lip Suck', ['orbicularis oris'], 'mouth', 'sucks the lips in over the teeth', false),
  info(
    43,
    'Eyes Closed',
    ['relaxation of levator palpebrae superioris', 'orbicularis oculi, pars palpebralis'],
    'eyes',
    'lowers the upper lids, drooping or closing the eyes',
    true,
  ),
  info(
    45,
    'Blink',
    ['relaxation of levator palpebrae superioris', 'orbicularis oculi, pars palpebralis'],
    'eyes',
    'closes and reopens both eyes briefly',
    false,
  ),
  info(46, 'Wink', ['orbicularis oculi'], 'eyes', 'closes one eye briefly', true),
];

const BY_NUMBER: ReadonlyMap<number, ActionUnitInfo> = new Map(
  ACTION_UNITS.map((entry) => [entry.au, entry]),
);

/** The AU numbers the catalogue knows, for validating plans. */
export const KNOWN_AUS: ReadonlySet<number> = new Set(ACTION_UNITS.map((entry) => entry.au));

/** The catalogue entry for AU `n`, or `undefined` if the catalogue does not know it. */
export function actionUnit(n: number): ActionUnitInfo | undefined {
  return BY_NUMBER.get(n);
}

/** Like `actionUnit`, for AUs that are known to be in the catalogue (e.g. from a prototype). */
export function requireActionUnit(n: number): ActionUnitInfo {
  const entry = BY_NUMBER.get(n);
  if (!entry)
    throw new RangeError(`AU${n} is not in the FACS catalogue; known: ${[...KNOWN_AUS].join(', ')}`);
  return entry;
}
