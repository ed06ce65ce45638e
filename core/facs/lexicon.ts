/**
 * The emotion lexicon: emotion words and phrases (-> emotion labels with base intensity,
 * valence, arousal), plus the function words that modify them (intensity, negation, time,
 * smile qualifiers, sides). The word tables live in emotion-words-*.ts, modifier-words.ts,
 * temporal-words.ts and filler-words.ts; this module parses them once, checks them against the
 * prototypes and answers look-ups.
 */
import { assertLabelsHavePrototypes, parseEmotionTable } from './emotion-table.js';
import { NEGATIVE_WORDS } from './emotion-words-negative.js';
import { POSITIVE_AND_LOW_AROUSAL_WORDS } from './emotion-words-positive.js';
import { FILLER_WORDS } from './filler-words.js';
import {
  INTENSITY_MODIFIERS,
  type ModifierWord,
  NEGATORS,
  SCOPE_TERMINATORS,
  SIDE_WORDS,
  SMILE_QUALIFIERS,
} from './modifier-words.js';
import { PHASE_BOUNDARIES, PHASE_OPENERS, RAMP_WORDS } from './temporal-words.js';

export type { EmotionEntry, EmotionSense } from './emotion-table.js';
export {
  FILLER_WORDS,
  INTENSITY_MODIFIERS,
  type ModifierWord,
  NEGATORS,
  PHASE_BOUNDARIES,
  PHASE_OPENERS,
  RAMP_WORDS,
  SCOPE_TERMINATORS,
  SIDE_WORDS,
  SMILE_QUALIFIERS,
};

import type { EmotionEntry } from './emotion-table.js';

/** Every emotion phrase -> its entry. Later tables never override earlier phrases. */
export const EMOTION_LEXICON: ReadonlyMap<string, EmotionEntry> = parseEmotionTable([
  POSITIVE_AND_LOW_AROUSAL_WORDS,
  NEGATIVE_WORDS,
]);
assertLabelsHavePrototypes(EMOTION_LEXICON);

export function lookupEmotion(phrase: string): EmotionEntry | undefined {
  return EMOTION_LEXICON.get(phrase);
}

/** One meaning of a lexicon phrase, as the text parser sees it. */
export type Lexeme =
  | { readonly kind: 'emotion'; readonly entry: EmotionEntry }
  | { readonly kind: 'modifier'; readonly modifier: ModifierWord }
  | { readonly kind: 'negator' }
  | { readonly kind: 'terminator' }
  | { readonly kind: 'boundary' }
  | { readonly kind: 'opener' }
  | { readonly kind: 'ramp'; readonly direction: 'rising' | 'falling' }
  | { readonly kind: 'qualifier'; readonly quality: 'social' | 'felt' | 'asymmetric' }
  | { readonly kind: 'side'; readonly side: 'left' | 'right' }
  | { readonly kind: 'filler' };

/** Longest phrase in any table, in words. */
export const MAX_PHRASE_WORDS = 4;

const CONTRACTED_NEGATIONS = new Set([
  'dont',
  'doesnt',
  'didnt',
  'isnt',
  'arent',
  'wasnt',
  'werent',
  'cant',
  'couldnt',
  'wouldnt',
  'shouldnt',
  'wont',
  'aint',
  'hasnt',
  'havent',
  'hadnt',
]);

/**
 * All meanings of a phrase, most specific first. Filler applies only when nothing else does, so
 * "so" is a modifier and "kind" an emotion word, while "the" is filler.
 */
export function lexemesOf(phrase: string): Lexeme[] {
  const found: Lexeme[] = [];
  const entry = EMOTION_LEXICON.get(phrase);
  if (entry) found.push({ kind: 'emotion', entry });
  const modifier = INTENSITY_MODIFIERS[phrase];
  if (modifier && Object.hasOwn(INTENSITY_MODIFIERS, phrase)) found.push({ kind: 'modifier', modifier });
  if (NEGATORS.has(phrase) || isContractedNegation(phrase)) found.push({ kind: 'negator' });
  if (SCOPE_TERMINATORS.has(phrase)) found.push({ kind: 'terminator' });
  if (PHASE_BOUNDARIES.has(phrase)) found.push({ kind: 'boundary' });
  if (PHASE_OPENERS.has(phrase)) found.push({ kind: 'opener' });
  const direction = Object.hasOwn(RAMP_WORDS, phrase) ? RAMP_WORDS[phrase] : undefined;
  if (direction) found.push({ kind: 'ramp', direction });
  const quality = Object.hasOwn(SMILE_QUALIFIERS, phrase) ? SMILE_QUALIFIERS[phrase] : undefined;
  if (quality) found.push({ kind: 'qualifier', quality });
  const side = Object.hasOwn(SIDE_WORDS, phrase) ? SIDE_WORDS[phrase] : undefined;
  if (side) found.push({ kind: 'side', side });
  if (found.length === 0 && FILLER_WORDS.has(phrase)) found.push({ kind: 'filler' });
  return found;
}

function isContractedNegation(word: string): boolean {
  return (word.endsWith("n't") && !word.includes(' ')) || CONTRACTED_NEGATIONS.has(word);
}

/** How an unknown word was matched to a lexicon word. */
export interface ClosestWord {
  readonly phrase: string;
  readonly entry: EmotionEntry;
  readonly how: 'word form' | 'spelling';
}

const SINGLE_WORDS: readonly string[] = [...EMOTION_LEXICON.keys()].filter((p) => !p.includes(' ')).sort();

/** Suffix rewrites tried on an unknown word, in order: "angrily" -> "angry", "sadder" -> "sad". */
const SUFFIX_RULES: readonly [RegExp, string][] = [
  [/ily$/, 'y'],
  [/ied$/, 'y'],
  [/iness$/, 'y'],
  [/ier$/, 'y'],
  [/iest$/, 'y'],
  [/fully$/, 'ful'],
  [/ness$/, ''],
  [/ly$/, ''],
  [/ing$/, ''],
  [/ing$/, 'e'],
  [/ed$/, ''],
  [/ed$/, 'e'],
  [/est$/, ''],
  [/er$/, ''],
  [/es$/, ''],
  [/s$/, ''],
];

/**
 * The lexicon word nearest to an unknown word: first a word form ("angrily", "sadder",
 * "frightening"), then a spelling slip of one edit for words of five letters or more ("furius").
 * Deterministic: rules in a fixed order, ties broken alphabetically.
 */
export function closestEmotionWord(word: string): ClosestWord | undefined {
  for (const [pattern, replacement] of SUFFIX_RULES) {
    if (!pattern.test(word)) continue;
    const stem = word.replace(pattern, replacement);
    for (const candidate of [stem, undoubled(stem)]) {
      const entry = candidate.length >= 3 ? EMOTION_LEXICON.get(candidate) : undefined;
      if (entry) return { phrase: candidate, entry, how: 'word form' };
    }
  }
  if (word.length < 5) return undefined;
  for (const candidate of SINGLE_WORDS) {
    if (Math.abs(candidate.length - word.length) <= 1 && editDistanceAtMostOne(word, candidate)) {
      const entry = EMOTION_LEXICON.get(candidate);
      if (entry) return { phrase: candidate, entry, how: 'spelling' };
    }
  }
  return undefined;
}

/** "sadd" -> "sad" (doubled final consonant before a suffix). */
function undoubled(stem: string): string {
  const n = stem.length;
  return n >= 4 && stem[n - 1] === stem[n - 2] ? stem.slice(0, -1) : stem;
}

/** True when a and b differ by at most one insertion, deletion, substitution or transposition. */
export function editDistanceAtMostOne(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true; // substitution
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2); // transposition
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}
