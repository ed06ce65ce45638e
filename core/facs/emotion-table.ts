/**
 * Parser for the emotion word tables (emotion-words-*.ts):
 *   `phrases ; senses ; valence arousal [; flags]`
 * e.g. `bittersweet ; happy:0.45 + sad:0.5 ; 0.05 0.35`.
 *
 * `~:0.5` senses ("good", "awful") name no category: the word only carries a valence/arousal
 * estimate, and the category is the prototype nearest to it among ESTIMATE_CANDIDATES.
 * Tables are code: a malformed line throws at module load, and the tests load every table.
 */
import { emotionPrototype, nearestPrototype } from './prototypes.js';

export interface EmotionSense {
  readonly label: string;
  /** Base intensity 0..1, before modifiers. */
  readonly intensity: number;
}

export interface EmotionEntry {
  readonly phrase: string;
  readonly senses: readonly EmotionSense[];
  readonly valence: number;
  readonly arousal: number;
  /** The word names a smile ("smile", "grin", "smirk"); smile qualifiers apply to it. */
  readonly smile: boolean;
  /** The category was estimated from valence/arousal (a `~` entry). */
  readonly estimated: boolean;
}

/** Categories a `~` word may be given, nearest in valence/arousal wins (ties: earlier). */
export const ESTIMATE_CANDIDATES = [
  'happy',
  'content',
  'calm',
  'neutral',
  'hopeful',
  'sad',
  'tired',
  'bored',
  'anxious',
  'fearful',
  'angry',
  'surprised',
] as const;

function parseNumber(text: string | undefined, line: string, min: number, max: number): number {
  const value = Number(text);
  if (text === undefined || text === '' || !Number.isFinite(value) || value < min || value > max) {
    throw new RangeError(`emotion table: "${text}" is not a number in [${min}, ${max}] in line "${line}"`);
  }
  return value;
}

function parseLine(line: string): EmotionEntry[] {
  const [phrasesPart, sensesPart, affectPart, flagsPart] = line.split(';').map((part) => part.trim());
  if (!phrasesPart || !sensesPart || !affectPart)
    throw new SyntaxError(`emotion table: malformed line "${line}"`);
  const [valenceText, arousalText] = affectPart.split(/\s+/);
  const valence = parseNumber(valenceText, line, -1, 1);
  const arousal = parseNumber(arousalText, line, 0, 1);
  let estimated = false;
  const senses = sensesPart.split('+').map((sense): EmotionSense => {
    const [rawLabel, intensityText] = sense.split(':').map((part) => part.trim());
    const intensity = parseNumber(intensityText, line, 0, 1);
    if (rawLabel === '~') {
      estimated = true;
      return { label: nearestPrototype(valence, arousal, ESTIMATE_CANDIDATES).label, intensity };
    }
    if (!rawLabel) throw new SyntaxError(`emotion table: missing label in line "${line}"`);
    return { label: rawLabel, intensity };
  });
  const smile = (flagsPart ?? '').split(/\s+/).includes('smile');
  return phrasesPart
    .split(',')
    .map((phrase) => phrase.trim())
    .filter((phrase) => phrase.length > 0)
    .map((phrase) => ({ phrase, senses, valence, arousal, smile, estimated }));
}

/** Parses the tables in order; a phrase keeps its first definition. */
export function parseEmotionTable(tables: readonly string[]): Map<string, EmotionEntry> {
  const lexicon = new Map<string, EmotionEntry>();
  for (const table of tables) {
    for (const rawLine of table.split('\n')) {
      const line = rawLine.trim();
      if (line.length === 0) continue;
      for (const entry of parseLine(line)) {
        if (!lexicon.has(entry.phrase)) lexicon.set(entry.phrase, entry);
      }
    }
  }
  return lexicon;
}

/** Throws if a table names an emotion label that has no AU prototype. */
export function assertLabelsHavePrototypes(lexicon: ReadonlyMap<string, EmotionEntry>): void {
  for (const entry of lexicon.values()) {
    for (const sense of entry.senses) {
      if (!emotionPrototype(sense.label)) {
        throw new RangeError(
          `emotion table: "${entry.phrase}" names "${sense.label}", which has no prototype`,
        );
      }
    }
  }
}
