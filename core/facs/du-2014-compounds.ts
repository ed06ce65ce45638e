/**
 * Compound emotion categories of Du, Tao & Martinez, "Compound facial expressions of emotion",
 * PNAS 111(15):E1454-E1462 (2014), Table 1, with valence/arousal added for this project.
 *
 * Columns: label | components (the two basic emotions, "-" for appalled, hatred, awed) |
 * valence arousal | AUs used by more than 70% of the 230 subjects | variable AUs as AU:share of
 * subjects who used it.
 */
import type { BasicEmotion } from './prototypes.js';

export interface DuRow {
  readonly label: string;
  /** The two basic emotions of a pairwise compound; absent for appalled, hatred, awed. */
  readonly components?: readonly [BasicEmotion, BasicEmotion];
  readonly valence: number;
  readonly arousal: number;
  /** AUs used by more than 70% of subjects. */
  readonly consistent: readonly number[];
  /** [AU, share of subjects] for the AUs used by some subjects only. */
  readonly variable: readonly (readonly [number, number])[];
}

const TABLE = `
happily surprised     | happy surprised     |  0.7  0.8  | 1 2 12 25     | 5:0.64 26:0.67
happily disgusted     | happy disgusted     |  0.1  0.55 | 10 12 25      | 4:0.32 6:0.61 9:0.59
sadly fearful         | sad fearful         | -0.7  0.55 | 1 4 20 25     | 2:0.46 5:0.24 6:0.34 15:0.30
sadly angry           | sad angry           | -0.7  0.55 | 4 15          | 6:0.26 7:0.48 11:0.20 17:0.50
sadly surprised       | sad surprised       | -0.4  0.55 | 1 4 25 26     | 2:0.27 6:0.31
sadly disgusted       | sad disgusted       | -0.7  0.4  | 4 10          | 1:0.49 6:0.61 9:0.20 11:0.35 15:0.54 17:0.47 25:0.43
fearfully angry       | fearful angry       | -0.75 0.85 | 4 20 25       | 5:0.40 7:0.39 10:0.30 11:0.33
fearfully surprised   | fearful surprised   | -0.4  0.9  | 1 2 5 20 25   | 4:0.47 10:0.35 11:0.22 26:0.51
fearfully disgusted   | fearful disgusted   | -0.75 0.7  | 1 4 10 20 25  | 2:0.64 5:0.50 6:0.26 9:0.28 15:0.33
angrily surprised     | angry surprised     | -0.4  0.85 | 4 25 26       | 5:0.35 7:0.50 10:0.34
angrily disgusted     | angry disgusted     | -0.75 0.7  | 4 10 17       | 7:0.60 9:0.57 24:0.36
disgustedly surprised | disgusted surprised | -0.3  0.7  | 1 2 5 10      | 4:0.45 9:0.37 17:0.66 24:0.33
appalled              | -                   | -0.7  0.6  | 4 10          | 6:0.25 9:0.56 17:0.67 24:0.36
hatred                | -                   | -0.85 0.7  | 4 10          | 7:0.57 9:0.27 17:0.63 24:0.37
awed                  | -                   |  0.5  0.7  | 1 2 25        | 5:0.46 26:0.71
`;

const numbers = (text: string): number[] =>
  text
    .split(/\s+/)
    .filter((t) => t.length > 0)
    .map(Number);

function parseRow(line: string): DuRow {
  const [label, components, affect, consistent, variable] = line.split('|').map((c) => c.trim());
  const [valence, arousal] = numbers(affect ?? '');
  const pair = (components ?? '-').split(/\s+/) as BasicEmotion[];
  if (!label || valence === undefined || arousal === undefined)
    throw new SyntaxError(`Du table: bad row "${line}"`);
  return {
    label,
    ...(pair.length === 2 ? { components: [pair[0] as BasicEmotion, pair[1] as BasicEmotion] as const } : {}),
    valence,
    arousal,
    consistent: numbers(consistent ?? ''),
    variable: (variable ?? '')
      .split(/\s+/)
      .filter((t) => t.length > 0)
      .map((t) => {
        const [au, share] = t.split(':').map(Number);
        return [au as number, share as number] as const;
      }),
  };
}

/** The 15 compound rows of Table 1, in the paper's order. */
export const DU_2014_COMPOUNDS: readonly DuRow[] = TABLE.split('\n')
  .map((line) => line.trim())
  .filter((line) => line.length > 0)
  .map(parseRow);
