import { describe, expect, it } from 'vitest';
import { parseEmotionTable } from '../../../core/facs/emotion-table.js';
import {
  closestEmotionWord,
  EMOTION_LEXICON,
  editDistanceAtMostOne,
  INTENSITY_MODIFIERS,
  lexemesOf,
  lookupEmotion,
  MAX_PHRASE_WORDS,
  NEGATORS,
  PHASE_BOUNDARIES,
  RAMP_WORDS,
} from '../../../core/facs/lexicon.js';
import { emotionPrototype } from '../../../core/facs/prototypes.js';
import { parseEmotionText, tokenize } from '../../../core/facs/text-parser.js';

const SYNONYMS: readonly [string, string][] = [
  ['heartbroken', 'sad'],
  ['seething', 'angry'],
  ['furious', 'angry'],
  ['livid', 'angry'],
  ['elated', 'happy'],
  ['thrilled', 'happy'],
  ['nervous', 'anxious'],
  ['anxious', 'anxious'],
  ['terrified', 'fearful'],
  ['grossed out', 'disgusted'],
  ['tired', 'tired'],
  ['bored', 'bored'],
  ['calm', 'calm'],
  ['content', 'content'],
  ['pleased', 'happy'],
  ['hurt', 'sad'],
  ['wistful', 'wistful'],
];

describe('emotion lexicon', () => {
  it.each(SYNONYMS)('maps "%s" to %s', (phrase, label) => {
    // Act
    const entry = lookupEmotion(phrase);

    // Assess
    expect(entry?.senses.map((s) => s.label)).toContain(label);
  });

  it('maps "bittersweet" to a happy + sad blend', () => {
    // Act / Assess
    expect(lookupEmotion('bittersweet')?.senses.map((s) => s.label)).toEqual(['happy', 'sad']);
  });

  it('orders synonyms by base intensity: annoyed < angry < furious < livid', () => {
    // Act
    const base = ['annoyed', 'angry', 'furious', 'livid'].map(
      (w) => lookupEmotion(w)?.senses[0]?.intensity ?? 0,
    );

    // Assess
    expect(base).toEqual([...base].sort((a, b) => a - b));
    expect(new Set(base).size).toBe(4);
  });

  it('has only entries whose labels have prototypes, with values in range, and is large', () => {
    // Act / Assess
    expect(EMOTION_LEXICON.size).toBeGreaterThan(250);
    for (const entry of EMOTION_LEXICON.values()) {
      expect(entry.phrase).toBe(entry.phrase.toLowerCase().trim());
      expect(entry.phrase.split(' ').length).toBeLessThanOrEqual(MAX_PHRASE_WORDS);
      for (const sense of entry.senses) {
        expect(emotionPrototype(sense.label)).toBeDefined();
        expect(sense.intensity).toBeGreaterThan(0);
        expect(sense.intensity).toBeLessThanOrEqual(1);
      }
    }
  });

  it('has the intensity modifiers, negators and temporal connectives the reasoner needs', () => {
    // Act / Assess
    const gain = (p: string): number => INTENSITY_MODIFIERS[p]?.gain ?? Number.NaN;
    expect(gain('barely')).toBeLessThan(gain('slightly'));
    expect(gain('a bit')).toBeLessThan(gain('somewhat'));
    expect(gain('somewhat')).toBeLessThan(1);
    expect(gain('very')).toBeGreaterThan(1);
    expect(gain('very')).toBeLessThan(gain('extremely'));
    expect(gain('extremely')).toBeLessThan(gain('utterly'));
    expect(gain('quietly')).toBeLessThan(1);
    expect(gain('deeply')).toBeGreaterThan(1);
    for (const w of ['not', 'never', 'without']) expect(NEGATORS.has(w)).toBe(true);
    for (const w of ['then', 'later', 'finally']) expect(PHASE_BOUNDARIES.has(w)).toBe(true);
    for (const w of ['slowly growing', 'increasingly', 'gradually']) expect(RAMP_WORDS[w]).toBe('rising');
    expect(lexemesOf('at first').map((l) => l.kind)).toEqual(['opener']);
  });

  it('gives phrases every meaning, with filler only as a last resort', () => {
    // Act / Assess
    expect(lexemesOf('warm').map((l) => l.kind)).toEqual(['emotion', 'qualifier']);
    expect(lexemesOf("doesn't").map((l) => l.kind)).toEqual(['negator']);
    expect(lexemesOf('the').map((l) => l.kind)).toEqual(['filler']);
    expect(lexemesOf('flibbertigibbet')).toEqual([]);
  });

  it('finds the closest word by word form or a one-edit slip, and nothing for short or far words', () => {
    // Act / Assess
    expect(closestEmotionWord('angrily')).toMatchObject({ phrase: 'angry', how: 'word form' });
    expect(closestEmotionWord('saddest')).toMatchObject({ phrase: 'sad', how: 'word form' });
    expect(closestEmotionWord('furius')).toMatchObject({ phrase: 'furious', how: 'spelling' });
    expect(closestEmotionWord('teh')).toBeUndefined();
    expect(closestEmotionWord('zzyzx')).toBeUndefined();
    expect(editDistanceAtMostOne('fruious', 'furious')).toBe(true);
    expect(editDistanceAtMostOne('frious', 'furious')).toBe(true);
    expect(editDistanceAtMostOne('frius', 'furious')).toBe(false);
  });

  it('rejects malformed table lines at load', () => {
    // Act / Assess
    expect(() => parseEmotionTable(['sad ; sad:0.6'])).toThrow(SyntaxError);
    expect(() => parseEmotionTable(['sad ; sad:1.6 ; 0 0'])).toThrow(RangeError);
    expect(parseEmotionTable(['a, b ; sad:0.5 ; -0.5 0.2 ; smile']).get('b')?.smile).toBe(true);
  });
});

describe('text parser', () => {
  it('tokenizes with lower case, hyphens as spaces and punctuation kept', () => {
    // Act / Assess
    expect(tokenize('Grossed-out, THEN “calm” — okay…')).toEqual([
      'grossed',
      'out',
      ',',
      'then',
      'calm',
      ',',
      'okay',
      '.',
      '.',
      '.',
    ]);
    expect(tokenize('doesn’t')).toEqual(["doesn't"]);
  });

  it('scopes modifiers and negation to their clause', () => {
    // Act
    const [phase] = parseEmotionText('not angry, very sad but happy');

    // Assess
    expect(phase?.negated.map((n) => n.written)).toEqual(['angry']);
    expect(phase?.terms.map((t) => [t.written, t.gain])).toEqual([
      ['sad', 1.5],
      ['happy', 1],
    ]);
  });

  it('cuts phases at connectives and records ramps and openers', () => {
    // Act
    const phases = parseEmotionText('calm at first, then increasingly angry');

    // Assess
    expect(phases.map((p) => p.text)).toEqual(['calm at first', 'then increasingly angry']);
    expect(phases[1]?.connective).toBe('then');
    expect(phases[1]?.ramp).toEqual({ direction: 'rising', word: 'increasingly' });
  });

  it('reads "doesn\'t reach the eyes" as a negated felt cue, i.e. a social one', () => {
    // Act
    const [phase] = parseEmotionText("a smile that doesn't reach the eyes");

    // Assess
    expect(phase?.smile.social).toEqual(["doesn't reach the eyes"]);
    expect(phase?.smile.felt).toEqual([]);
    expect(phase?.negated).toEqual([]);
  });
});
