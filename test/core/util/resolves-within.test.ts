import { describe, expect, it } from 'vitest';
import { resolvesWithin } from '../../../core/util/resolves-within.js';

describe('resolvesWithin', () => {
  it('is true for a promise that resolves in time and false for one that does not', async () => {
    // Prepare
    const quick = new Promise((resolve) => setTimeout(resolve, 5));
    const slow = new Promise((resolve) => setTimeout(resolve, 500));
    // Act / Assess
    expect(await resolvesWithin(quick, 200)).toBe(true);
    expect(await resolvesWithin(slow, 20)).toBe(false);
  });

  it('passes a rejection on', async () => {
    await expect(resolvesWithin(Promise.reject(new Error('boom')), 50)).rejects.toThrow('boom');
  });
});
