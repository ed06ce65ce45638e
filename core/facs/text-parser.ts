/**
 * Emotion text -> temporal phases of emotion terms.
 *
 * 1. tokenize: lower case, hyphens between letters become spaces, punctuation kept as tokens.
 * 2. Longest match (up to MAX_PHRASE_WORDS) against the lexicon; a word that matches nothing is
 *    tried as a word form or a one-letter slip of an emotion word, else recorded as unknown.
 * 3. A left-to-right pass keeps the pending modifiers and negator of the current clause
 *    (punctuation and "but", "just", ... end a clause) and cuts a new phase at temporal
 *    connectives ("then", "later", "finally") or at a rising ramp after an emotion ("calm, growing
 *    angry"). A falling ramp fades the emotion before it: in its own phase ("angry but fading"), or
 *    in the previous phase when its own has no emotion yet ("angry, then fading into calm").
 */
import {
  type ClosestWord,
  closestEmotionWord,
  type EmotionEntry,
  type Lexeme,
  lexemesOf,
  MAX_PHRASE_WORDS,
} from './lexicon.js';

export interface ParsedTerm {
  /** The lexicon phrase matched (e.g. "furious" for the written "furius"). */
  readonly phrase: string;
  /** As written in the text. */
  readonly written: string;
  readonly entry: EmotionEntry;
  /** Product of the gains of the modifiers before it (1 when none). */
  readonly gain: number;
  readonly arousalShift: number;
  readonly modifiers: readonly string[];
  readonly match?: ClosestWord['how'];
}

export interface NegatedTerm {
  readonly written: string;
  readonly entry: EmotionEntry;
  readonly negator: string;
}

export interface SmileQualifiers {
  readonly social: string[];
  readonly felt: string[];
  readonly asymmetric: string[];
}

export interface ParsedPhase {
  /** The phase's words, for the chain of thought. */
  readonly text: string;
  readonly terms: readonly ParsedTerm[];
  readonly negated: readonly NegatedTerm[];
  readonly unknown: readonly string[];
  readonly ramp?: { readonly direction: 'rising' | 'falling'; readonly word: string };
  /** The connective that opened the phase ("then"), if any. */
  readonly connective?: string;
  readonly smile: SmileQualifiers;
  readonly side?: { readonly side: 'left' | 'right'; readonly word: string };
}

const TOKEN_PATTERN = /->|→|[\p{L}\p{N}]+(?:'\p{L}+)*|[.,;:!?()]/gu;
const PUNCTUATION = new Set(['.', ',', ';', ':', '!', '?', '(', ')']);

/** Lower-cased word and punctuation tokens. */
export function tokenize(text: string): string[] {
  const normalised = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[’‘`´]/g, "'")
    .replace(/(\p{L})[-‐‑](?=\p{L})/gu, '$1 ')
    .replace(/\s[-–—]+\s|—|–/g, ' , ');
  return normalised.match(TOKEN_PATTERN) ?? [];
}

interface Span {
  readonly text: string;
  readonly tokens: readonly string[];
  readonly lexemes: readonly Lexeme[];
  readonly closest?: ClosestWord;
}

const REACH = /^reach(?:es|ing|ed)?$/;
const POSSESSIVES = new Set(['the', 'her', 'his', 'their', 'my', 'your', 'its']);

/** "reach(es) [the|her|...] eye(s)": the smile reaches the eyes (a felt smile). */
function matchReachTheEyes(tokens: readonly string[], i: number): number {
  if (!REACH.test(tokens[i] ?? '')) return 0;
  let j = i + 1;
  if (POSSESSIVES.has(tokens[j] ?? '')) j++;
  return tokens[j] === 'eyes' || tokens[j] === 'eye' ? j - i + 1 : 0;
}

function toSpans(tokens: readonly string[]): Span[] {
  const spans: Span[] = [];
  let i = 0;
  while (i < tokens.length) {
    const token = tokens[i] as string;
    const reach = matchReachTheEyes(tokens, i);
    if (reach > 0) {
      const words = tokens.slice(i, i + reach);
      spans.push({ text: words.join(' '), tokens: words, lexemes: [{ kind: 'qualifier', quality: 'felt' }] });
      i += reach;
      continue;
    }
    let matched = false;
    for (let n = Math.min(MAX_PHRASE_WORDS, tokens.length - i); n >= 1 && !matched; n--) {
      const words = tokens.slice(i, i + n);
      if (n > 1 && words.some((w) => PUNCTUATION.has(w))) continue;
      const lexemes = PUNCTUATION.has(token) && n === 1 ? [] : lexemesOf(words.join(' '));
      if (lexemes.length > 0 || n === 1) {
        const closest =
          lexemes.length === 0 && !PUNCTUATION.has(token) ? closestEmotionWord(token) : undefined;
        const closestLexemes: Lexeme[] = closest ? [{ kind: 'emotion', entry: closest.entry }] : [];
        spans.push({
          text: words.join(' '),
          tokens: words,
          lexemes: lexemes.length > 0 ? lexemes : closestLexemes,
          ...(closest ? { closest } : {}),
        });
        i += n;
        matched = true;
      }
    }
  }
  return spans;
}

interface PhaseBuilder {
  words: string[];
  terms: ParsedTerm[];
  negated: NegatedTerm[];
  unknown: string[];
  ramp?: { direction: 'rising' | 'falling'; word: string };
  connective?: string;
  smile: SmileQualifiers;
  side?: { side: 'left' | 'right'; word: string };
}

const newPhase = (connective?: string): PhaseBuilder => ({
  words: connective ? [connective] : [],
  terms: [],
  negated: [],
  unknown: [],
  ...(connective ? { connective } : {}),
  smile: { social: [], felt: [], asymmetric: [] },
});

const hasContent = (p: PhaseBuilder): boolean => p.terms.length + p.negated.length + p.unknown.length > 0;

function finish(p: PhaseBuilder): ParsedPhase {
  const text = p.words
    .join(' ')
    .replace(/ ([.,;:!?)])/g, '$1')
    .replace(/\( /g, '(')
    .replace(/[\s,;:]+$/, '');
  const { words: _words, ...rest } = p;
  return { ...rest, text };
}

/** Splits an emotion text into phases of (modified, negated) emotion terms. */
export function parseEmotionText(text: string): ParsedPhase[] {
  const phases: PhaseBuilder[] = [];
  let phase = newPhase();
  let gain = 1;
  let arousalShift = 0;
  let modifiers: string[] = [];
  let negator: string | undefined;
  const resetScope = (): void => {
    gain = 1;
    arousalShift = 0;
    modifiers = [];
    negator = undefined;
  };
  const startPhase = (connective?: string): void => {
    if (hasContent(phase)) {
      phases.push(phase);
      phase = newPhase(connective);
    } else if (connective) {
      phase.connective = connective;
      phase.words.push(connective);
    }
    resetScope();
  };

  for (const span of toSpans(tokenize(text))) {
    const kinds = new Set(span.lexemes.map((l) => l.kind));
    if (kinds.has('boundary')) {
      startPhase(span.text);
      continue;
    }
    const ramp = span.lexemes.find((l) => l.kind === 'ramp');
    if (ramp && ramp.direction === 'rising' && phase.terms.length > 0) startPhase();
    phase.words.push(span.text);
    if (span.lexemes.length === 0) {
      if (PUNCTUATION.has(span.text)) resetScope();
      else phase.unknown.push(span.text);
      continue;
    }
    if (kinds.has('terminator')) resetScope();
    const pendingNegator = negator;
    for (const lexeme of span.lexemes) {
      switch (lexeme.kind) {
        case 'negator':
          negator = span.text;
          break;
        case 'modifier':
          if (negator && lexeme.modifier.gain > 1 && !kinds.has('qualifier')) {
            // "not very angry" means a little angry, not "not angry".
            gain *= 0.5;
            negator = undefined;
          } else {
            gain *= lexeme.modifier.gain;
            arousalShift += lexeme.modifier.arousalShift ?? 0;
          }
          modifiers.push(span.text);
          break;
        case 'ramp': {
          // "angry, then fading into calm": the fading belongs to the phase before.
          const previous = phases[phases.length - 1];
          const target =
            lexeme.direction === 'falling' && phase.terms.length === 0 && previous && !previous.ramp
              ? previous
              : phase;
          if (!target.ramp || lexeme.direction === 'falling') {
            target.ramp = { direction: lexeme.direction, word: span.text };
          }
          break;
        }
        case 'qualifier': {
          const flipped =
            pendingNegator && lexeme.quality !== 'asymmetric'
              ? lexeme.quality === 'felt'
                ? 'social'
                : 'felt'
              : lexeme.quality;
          phase.smile[flipped].push(pendingNegator ? `${pendingNegator} ${span.text}` : span.text);
          if (pendingNegator && !kinds.has('emotion')) negator = undefined;
          break;
        }
        case 'side':
          phase.side = { side: lexeme.side, word: span.text };
          break;
        case 'emotion':
          if (pendingNegator) {
            phase.negated.push({ written: span.text, entry: lexeme.entry, negator: pendingNegator });
          } else {
            phase.terms.push({
              phrase: lexeme.entry.phrase,
              written: span.text,
              entry: lexeme.entry,
              gain,
              arousalShift,
              modifiers,
              ...(span.closest ? { match: span.closest.how } : {}),
            });
          }
          gain = 1;
          arousalShift = 0;
          modifiers = [];
          negator = undefined;
          break;
        default:
          break;
      }
    }
  }
  if (hasContent(phase) || phases.length === 0) phases.push(phase);
  return phases.map(finish);
}
