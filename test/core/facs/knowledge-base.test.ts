import { describe, expect, it } from 'vitest';
import { ACTION_UNITS, actionUnit, KNOWN_AUS, requireActionUnit } from '../../../core/facs/action-units.js';
import {
  describeIntensity,
  INTENSITY_LETTERS,
  intensityFromLetter,
  LETTER_INTENSITY,
  letterFromIntensity,
} from '../../../core/facs/intensity.js';
import {
  BASIC_EMOTIONS,
  BASIC_PROTOTYPES,
  COMPOUND_PROTOTYPES,
  compoundOf,
  emotionPrototype,
  nearestPrototype,
  PROTOTYPES,
} from '../../../core/facs/prototypes.js';
import { REGIONS } from '../../../core/plan/expression-plan.js';

const REQUIRED_AUS = [
  1, 2, 4, 5, 6, 7, 9, 10, 11, 12, 14, 15, 16, 17, 18, 20, 22, 23, 24, 25, 26, 27, 28, 43, 45, 46,
];
const protoAus = (label: string): number[] =>
  (emotionPrototype(label)?.aus ?? []).map((u) => u.au).sort((a, b) => a - b);

describe('action-unit catalogue', () => {
  it('covers the required AUs with name, muscles, region and movement', () => {
    // Act
    const entries = REQUIRED_AUS.map((n) => actionUnit(n));

    // Assess
    for (const entry of entries) {
      expect(entry).toBeDefined();
      expect(entry?.name.length).toBeGreaterThan(3);
      expect(entry?.muscles.length).toBeGreaterThan(0);
      expect(REGIONS).toContain(entry?.region);
      expect(entry?.movement.length).toBeGreaterThan(5);
    }
    expect([...KNOWN_AUS].sort((a, b) => a - b)).toEqual(ACTION_UNITS.map((u) => u.au));
  });

  it('knows the canonical facts: AU12 zygomaticus major, AU6 orbicularis oculi, AU4 brows', () => {
    // Act / Assess
    expect(actionUnit(12)).toMatchObject({ name: 'Lip Corner Puller', region: 'mouth', canBeLateral: true });
    expect(actionUnit(12)?.muscles).toContain('zygomaticus major');
    expect(actionUnit(6)?.muscles.join()).toMatch(/orbicularis oculi/);
    expect(actionUnit(4)?.region).toBe('brows');
    expect(actionUnit(46)?.canBeLateral).toBe(true);
    expect(actionUnit(26)?.canBeLateral).toBe(false);
  });

  it('returns undefined for unknown AUs and requireActionUnit throws naming the known ones', () => {
    // Act / Assess
    expect(actionUnit(3)).toBeUndefined();
    expect(KNOWN_AUS.has(99)).toBe(false);
    expect(() => requireActionUnit(99)).toThrow(/AU99.*known: 1, 2, 4/);
  });
});

describe('FACS intensity letters', () => {
  it('maps A..E onto 0.1, 0.3, 0.5, 0.75, 1 and back', () => {
    // Act
    const values = INTENSITY_LETTERS.map((l) => intensityFromLetter(l));

    // Assess
    expect(values).toEqual([0.1, 0.3, 0.5, 0.75, 1]);
    for (const letter of INTENSITY_LETTERS)
      expect(letterFromIntensity(LETTER_INTENSITY[letter])).toBe(letter);
    expect(intensityFromLetter(' c ')).toBe(0.5);
  });

  it('bins values at the midpoints and treats below-trace as absent', () => {
    // Act / Assess
    expect(letterFromIntensity(0)).toBeNull();
    expect(letterFromIntensity(0.049)).toBeNull();
    expect(letterFromIntensity(0.05)).toBe('A');
    expect(letterFromIntensity(0.199)).toBe('A');
    expect(letterFromIntensity(0.2)).toBe('B');
    expect(letterFromIntensity(0.624)).toBe('C');
    expect(letterFromIntensity(0.625)).toBe('D');
    expect(letterFromIntensity(0.875)).toBe('E');
    expect(describeIntensity(0.5)).toBe('marked (C)');
  });

  it('rejects unknown letters and out-of-range values', () => {
    // Act / Assess
    expect(() => intensityFromLetter('F')).toThrow(RangeError);
    expect(() => letterFromIntensity(1.2)).toThrow(RangeError);
    expect(() => letterFromIntensity(Number.NaN)).toThrow(RangeError);
  });
});

describe('emotion prototypes', () => {
  it('has the 7 basic emotions with the EMFACS core AUs', () => {
    // Act / Assess
    expect(BASIC_PROTOTYPES.map((p) => p.label)).toEqual([...BASIC_EMOTIONS]);
    expect(protoAus('happy')).toEqual(expect.arrayContaining([6, 12]));
    expect(protoAus('sad')).toEqual(expect.arrayContaining([1, 4, 15]));
    // Anger: EMFACS's open-mouth variant (4+5+7+10+25), the one that can be held while speaking.
    expect(protoAus('angry')).toEqual(expect.arrayContaining([4, 5, 7, 10, 25]));
    expect(protoAus('surprised')).toEqual(expect.arrayContaining([1, 2, 5, 26]));
    expect(protoAus('fearful')).toEqual(expect.arrayContaining([1, 2, 4, 5, 20]));
    expect(protoAus('disgusted')).toEqual(expect.arrayContaining([9, 10]));
  });

  it('makes contempt unilateral AU12 + AU14', () => {
    // Act
    const contempt = emotionPrototype('contempt');

    // Assess
    expect(contempt?.aus.map((u) => [u.au, u.unilateral])).toEqual([
      [12, true],
      [14, true],
    ]);
  });

  it('has the 15 compounds of Du, Tao & Martinez with their consistent AUs', () => {
    // Act
    const labels = COMPOUND_PROTOTYPES.map((p) => p.label);

    // Assess
    expect(labels).toHaveLength(15);
    expect(labels).toEqual(expect.arrayContaining(['appalled', 'hatred', 'awed', 'fearfully disgusted']));
    expect(protoAus('happily surprised')).toEqual([1, 2, 5, 12, 25, 26]);
    expect(protoAus('happily disgusted')).toEqual(expect.arrayContaining([10, 12, 25]));
    expect(protoAus('sadly angry')).toEqual(expect.arrayContaining([4, 15]));
    expect(protoAus('fearfully surprised')).toEqual(expect.arrayContaining([1, 2, 5, 20, 25]));
    expect(protoAus('awed')).toEqual(expect.arrayContaining([1, 2, 25, 26]));
    expect(protoAus('sadly fearful')).not.toContain(5);
  });

  it('gives every prototype a valence in [-1, 1], an arousal in [0, 1] and known AUs with weights in (0, 1]', () => {
    // Act / Assess
    expect(new Set(PROTOTYPES.map((p) => p.label)).size).toBe(PROTOTYPES.length);
    for (const p of PROTOTYPES) {
      expect(p.valence).toBeGreaterThanOrEqual(-1);
      expect(p.valence).toBeLessThanOrEqual(1);
      expect(p.arousal).toBeGreaterThanOrEqual(0);
      expect(p.arousal).toBeLessThanOrEqual(1);
      for (const u of p.aus) {
        expect(KNOWN_AUS.has(u.au)).toBe(true);
        expect(u.weight).toBeGreaterThan(0);
        expect(u.weight).toBeLessThanOrEqual(1);
      }
    }
  });

  it('finds pairwise compounds in either order and nothing for pairs Du et al. did not name', () => {
    // Act / Assess
    expect(compoundOf('surprised', 'happy')?.label).toBe('happily surprised');
    expect(compoundOf('angry', 'sad')?.label).toBe('sadly angry');
    expect(compoundOf('happy', 'sad')).toBeUndefined();
    expect(compoundOf('happy', 'contempt')).toBeUndefined();
  });

  it('picks the nearest prototype by valence and arousal', () => {
    // Act / Assess
    expect(nearestPrototype(-0.7, 0.25, ['happy', 'sad', 'angry']).label).toBe('sad');
    expect(nearestPrototype(0.8, 0.6, ['happy', 'sad', 'angry']).label).toBe('happy');
    expect(() => nearestPrototype(0, 0, [])).toThrow(RangeError);
  });
});
