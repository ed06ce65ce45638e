import { describe, expect, it } from 'vitest';
import { ConditionError } from '../../../core/motion/condition-error.js';
import { segmentEnvelopes, smoothstep } from '../../../core/motion/envelopes.js';

describe('segmentEnvelopes', () => {
  it('one segment: a smooth onset from neutral, then an apex plateau held to the end', () => {
    // Act
    const [w] = segmentEnvelopes([{ start: 0, end: 1 }], 50, 25, { leadInSec: 0.4 });
    // Assess
    const env = Array.from(w ?? []);
    expect(env[0]).toBeLessThan(0.05);
    for (let f = 1; f < 10; f++) expect(env[f]).toBeGreaterThan(env[f - 1] as number); // rising over 0.4 s
    for (let f = 10; f < 50; f++) expect(env[f]).toBe(1); // apex
  });

  it('two segments: the first rises, plateaus and falls while the second rises; they sum to 1', () => {
    // Prepare
    const segments = [
      { start: 0, end: 0.5 },
      { start: 0.5, end: 1 },
    ];
    // Act
    const [a, b] = segmentEnvelopes(segments, 100, 25, { leadInSec: 0.2, transitionSec: 0.8 });
    // Assess: boundary at 2 s = frame 50; crossfade over 1.6..2.4 s = frames 40..59
    const first = a as Float32Array;
    const second = b as Float32Array;
    expect(first[0]).toBeLessThan(0.5);
    expect(first[20]).toBe(1);
    expect(second[20]).toBe(0);
    for (let f = 41; f < 59; f++) {
      expect(first[f]).toBeLessThan(first[f - 1] as number);
      expect(second[f]).toBeGreaterThan(second[f - 1] as number);
    }
    expect(first[49]).toBeGreaterThan(0.5);
    expect(second[50]).toBeGreaterThan(0.5);
    expect(first[80]).toBe(0);
    expect(second[80]).toBe(1);
    for (let f = 5; f < 100; f++) expect((first[f] as number) + (second[f] as number)).toBeCloseTo(1, 6);
  });

  it('caps a transition at a quarter of a short neighbour so every apex keeps half its segment', () => {
    // Prepare: the middle segment lasts 0.4 s; a 1 s transition would swallow it
    const segments = [
      { start: 0, end: 0.45 },
      { start: 0.45, end: 0.55 },
      { start: 0.55, end: 1 },
    ];
    // Act
    const [, middle] = segmentEnvelopes(segments, 100, 25, { transitionSec: 1 });
    // Assess: apex frames 46..53 (1.84..2.16 s) are at 1
    for (let f = 47; f <= 52; f++) expect(middle?.[f]).toBeCloseTo(1, 6);
    expect(middle?.[30]).toBe(0);
    expect(middle?.[70]).toBe(0);
  });

  it('a lead-out returns to neutral at the clip end', () => {
    const [w] = segmentEnvelopes([{ start: 0, end: 1 }], 50, 25, { leadOutSec: 0.4 });
    expect(w?.[49]).toBeLessThan(0.05);
    expect(w?.[30]).toBe(1);
  });

  it('smoothstep is 0, ½, 1 at 0, ½, 1 and flat at the ends', () => {
    expect([smoothstep(-1), smoothstep(0), smoothstep(0.5), smoothstep(1), smoothstep(2)]).toEqual([
      0, 0, 0.5, 1, 1,
    ]);
    expect(smoothstep(0.001)).toBeLessThan(1e-5);
  });

  it('rejects an empty plan and bad durations', () => {
    expect(() => segmentEnvelopes([], 10, 25)).toThrow(ConditionError);
    expect(() => segmentEnvelopes([{ start: 0, end: 1 }], 10, 25, { leadInSec: -1 })).toThrow(ConditionError);
  });
});
