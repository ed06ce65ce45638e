import { describe, expect, it } from 'vitest';
import { mergeBlinkEvents, renderBlinks, scheduleBlinks } from '../../../core/motion/blink-schedule.js';
import { createRng } from '../../../core/sampler/rng.js';

describe('blink schedule', () => {
  it('is deterministic per seed and averages the requested rate', () => {
    // Prepare
    const durationSec = 600;
    // Act
    const a = scheduleBlinks(20, durationSec, createRng(1));
    const again = scheduleBlinks(20, durationSec, createRng(1));
    const other = scheduleBlinks(20, durationSec, createRng(2));
    // Assess: 200 expected; Gamma(3) intervals give a count SD of about √(200/3) ≈ 8
    expect(again).toEqual(a);
    expect(other).not.toEqual(a);
    expect(Math.abs(a.length - 200)).toBeLessThan(35);
    for (let i = 1; i < a.length; i++)
      expect((a[i] as number) - (a[i - 1] as number)).toBeGreaterThanOrEqual(0.6);
  });

  it('schedules nothing at rate 0', () => {
    expect(scheduleBlinks(0, 60, createRng(1))).toEqual([]);
  });

  it('renders a blink that closes fully, lasts 150–250 ms and closes faster than it opens', () => {
    // Prepare
    const fps = 100; // 10 ms frames, to see the shape
    // Act
    const track = renderBlinks([0.5], 100, fps);
    // Assess
    const closed = Array.from(track).flatMap((v, f) => (v > 0 ? [f] : []));
    const duration = (closed.length + 1) / fps;
    expect(Math.max(...track)).toBe(1);
    expect(duration).toBeGreaterThanOrEqual(0.15);
    expect(duration).toBeLessThanOrEqual(0.25);
    const apex = track.indexOf(1);
    expect(apex - (closed[0] as number)).toBeLessThan((closed.at(-1) as number) - apex);
  });

  it('snaps apexes to frames so 25 fps blinks still reach full closure', () => {
    const track = renderBlinks([0.33, 1.71], 50, 25);
    expect(track.filter((v) => v === 1).length).toBeGreaterThanOrEqual(2);
  });

  it('plan events replace scheduled blinks that are too close', () => {
    expect(mergeBlinkEvents([1, 2, 5], [2.3], 0.6)).toEqual([1, 2.3, 5]);
  });
});
