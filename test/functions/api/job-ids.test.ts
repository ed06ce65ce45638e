/** API job ids sort newest first and carry their creation time; cursors round-trip and refuse junk. */
import { describe, expect, it } from 'vitest';
import {
  createdAtOfJobId,
  decodeCursor,
  encodeCursor,
  newJobId,
  startAfterCreatedBefore,
} from '../../../functions/api/job-ids.js';
import { seededRandom } from './fixtures.js';

describe('job ids', () => {
  it('sort newest first, whatever their random part, and give back their creation time', () => {
    // Prepare
    const random = seededRandom(42);
    const times = [0, 1, 1_700_000_000_000, 1_700_000_000_001, 4_102_444_800_000];

    // Act
    const ids = times.map((ms) => newJobId(new Date(ms), random));

    // Assess
    expect([...ids].sort()).toEqual([...ids].reverse());
    for (const [i, id] of ids.entries()) {
      expect(id).toMatch(/^[0-9a-hjkmnp-tv-z]{26}$/);
      expect(createdAtOfJobId(id).getTime()).toBe(times[i]);
    }
  });

  it('are bounded by startAfterCreatedBefore: later ids sort before it, earlier ones after', () => {
    // Prepare
    const at = new Date('2026-03-01T00:00:00.000Z');
    const before = newJobId(new Date(at.getTime() - 1), seededRandom(1));
    const exactly = newJobId(at, () => new Uint8Array(10).fill(255));

    // Act
    const bound = startAfterCreatedBefore(at);

    // Assess
    expect(before > bound).toBe(true);
    expect(exactly <= bound).toBe(true);
  });
});

describe('cursors', () => {
  it('round-trip an id and refuse anything else', () => {
    const id = newJobId(new Date(), seededRandom(3));
    expect(decodeCursor(encodeCursor(id))).toBe(id);
    for (const junk of ['', 'not base64 !', Buffer.from('{"after":"x"}').toString('base64url')])
      expect(decodeCursor(junk)).toBeUndefined();
  });
});
