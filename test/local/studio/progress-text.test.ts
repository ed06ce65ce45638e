/** The studio's words for a drawing job's progress, and the fraction its progress bar shows. */
import { describe, expect, it } from 'vitest';
import { progressFraction, progressText } from '../../../local/studio/src/progress-text.js';

describe("the studio's progress text", () => {
  it('says which frame or step of how many, and what an uncounted stage is doing', () => {
    expect(progressText({ stage: 'render', done: 120, total: 250 })).toBe('rendering frame 120 of 250');
    expect(progressText({ stage: 'motion', done: 3, total: 25 })).toBe('sampling the motion: step 3 of 25');
    expect(progressText({ stage: 'queue', done: 0, total: 0 })).toBe('waiting for the sampler');
    expect(progressText({ stage: 'fetch', done: 0, total: 0 })).toBe('reading the portrait and the speech');
  });

  it('shows a stage it does not know by its name, with its count when it has one', () => {
    expect(progressText({ stage: 'upscale', done: 2, total: 4 })).toBe('upscale: 2 of 4');
    expect(progressText({ stage: 'upscale', done: 0, total: 0 })).toBe('upscale');
  });

  it('fills the bar by done of total, and leaves it indeterminate for an uncounted stage', () => {
    expect(progressFraction({ done: 120, total: 250 })).toBeCloseTo(0.48);
    expect(progressFraction({ done: 300, total: 250 })).toBe(1);
    expect(progressFraction({ done: 0, total: 0 })).toBeUndefined();
  });
});
