/**
 * FACS intensity letters and the plan's 0..1 intensity scale.
 *
 * FACS scores an AU's strength on five ordinal steps, A (trace) .. E (maximum). The plan uses
 * a continuous 0..1 scale; the letters sit on it at:
 *
 * | letter | FACS term         | value | accepted range (letterFromIntensity) |
 * |--------|-------------------|-------|--------------------------------------|
 * | A      | trace             | 0.10  | [0.05, 0.20)                         |
 * | B      | slight            | 0.30  | [0.20, 0.40)                         |
 * | C      | marked/pronounced | 0.50  | [0.40, 0.625)                        |
 * | D      | severe/extreme    | 0.75  | [0.625, 0.875)                       |
 * | E      | maximum           | 1.00  | [0.875, 1]                           |
 *
 * The ranges are the midpoints between neighbouring values; below 0.05 the AU is absent.
 * The steps widen towards the top, as FACS's do (C and D span more appearance change than A, B).
 */

export const INTENSITY_LETTERS = ['A', 'B', 'C', 'D', 'E'] as const;
export type IntensityLetter = (typeof INTENSITY_LETTERS)[number];

/** Letter -> 0..1. */
export const LETTER_INTENSITY: Readonly<Record<IntensityLetter, number>> = {
  A: 0.1,
  B: 0.3,
  C: 0.5,
  D: 0.75,
  E: 1,
};

/** FACS's words for the letters. */
export const LETTER_TERM: Readonly<Record<IntensityLetter, string>> = {
  A: 'trace',
  B: 'slight',
  C: 'marked',
  D: 'severe',
  E: 'maximum',
};

/** Below this an AU counts as absent (half of a trace). */
export const ABSENT_BELOW = 0.05;

const UPPER_BOUNDS: readonly [IntensityLetter, number][] = [
  ['A', 0.2],
  ['B', 0.4],
  ['C', 0.625],
  ['D', 0.875],
];

/** 'A'..'E' (case-insensitive) -> 0.1..1. */
export function intensityFromLetter(letter: string): number {
  const upper = letter.trim().toUpperCase();
  if (!(INTENSITY_LETTERS as readonly string[]).includes(upper)) {
    throw new RangeError(
      `unknown FACS intensity "${letter}"; expected one of ${INTENSITY_LETTERS.join(', ')}`,
    );
  }
  return LETTER_INTENSITY[upper as IntensityLetter];
}

/** 0..1 -> 'A'..'E', or `null` when the value is below a trace (absent). */
export function letterFromIntensity(value: number): IntensityLetter | null {
  if (!Number.isFinite(value) || value < 0 || value > 1) {
    throw new RangeError(`intensity must be a number in [0, 1], got ${value}`);
  }
  if (value < ABSENT_BELOW) return null;
  for (const [letter, upper] of UPPER_BOUNDS) {
    if (value < upper) return letter;
  }
  return 'E';
}

/** "marked (C)" for 0.5; "absent" below a trace. */
export function describeIntensity(value: number): string {
  const letter = letterFromIntensity(value);
  return letter ? `${LETTER_TERM[letter]} (${letter})` : 'absent';
}
