/** core/usage: periods, the record of a published job, and sums that count each job once. */
import { describe, expect, it } from 'vitest';
import type { JobResult } from '../../../core/jobs/job-result.js';
import { periodBounds, periodOf } from '../../../core/usage/usage-period.js';
import { samplerSecondsOf, usageKey, usageRecordOf } from '../../../core/usage/usage-record.js';
import { sumUsage } from '../../../core/usage/usage-summary.js';

const RESULT: JobResult = {
  schemaVersion: 1,
  jobId: 'clip-0123',
  name: 'clip',
  tenant: 'acme',
  files: { video: 'video.mp4', plan: 'plan.json', preview: 'preview.png' },
  video: { bytes: 1000, durationSec: 3.02, hasAudio: true },
  durationSec: 3,
  frames: 75,
  fps: 25,
  seed: 7,
  modelId: 'motion-prior@1',
  reasoner: 'facs',
  timings: { queueMs: 2000, motionMs: 300, renderMs: 1200, requestMs: 3700 },
  publishedAt: '2026-05-01T00:00:01.000Z',
};

describe('usage periods', () => {
  it('names months in UTC and bounds them [from, to)', () => {
    expect(periodOf(new Date('2026-12-31T23:59:59.999Z'))).toBe('2026-12');
    expect(periodBounds('2026-12')).toEqual({
      from: new Date('2026-12-01T00:00:00.000Z'),
      to: new Date('2027-01-01T00:00:00.000Z'),
    });
    expect(() => periodBounds('2026-13')).toThrow(RangeError);
  });
});

describe('usage records', () => {
  it('meter the drawn seconds, the frames and the time the sampler worked, in the month of metering', () => {
    // Act
    const record = usageRecordOf(RESULT, new Date('2026-04-30T23:59:59.000Z'));

    // Assess
    expect(record).toMatchObject({
      tenant: 'acme',
      jobId: 'clip-0123',
      period: '2026-04',
      videoSeconds: 3,
      frames: 75,
      samplerSeconds: 1.7,
      publishedAt: RESULT.publishedAt,
    });
    expect(usageKey('acme', '2026-04', 'clip-0123')).toBe('tenants/acme/usage/2026-04/clip-0123.json');
  });

  it('meter nothing for a job without a tenant', () => {
    expect(usageRecordOf({ ...RESULT, tenant: undefined }, new Date())).toBeUndefined();
  });

  it('take the sampler time from the stage timings when the whole request is not reported', () => {
    expect(samplerSecondsOf({ motionMs: 300, renderMs: 1200 })).toBe(1.5);
    expect(samplerSecondsOf({ queueMs: 5000, requestMs: 4000 })).toBe(0);
  });

  it('sum exactly, rounded once to microseconds, each job once', () => {
    // Prepare
    const at = new Date('2026-04-02T00:00:00.000Z');
    const a = usageRecordOf({ ...RESULT, durationSec: 0.1 }, at)!;
    const b = usageRecordOf({ ...RESULT, jobId: 'b', durationSec: 0.2 }, at)!;

    // Act
    const totals = sumUsage([a, b, a]);

    // Assess
    expect(totals).toEqual({ videoSeconds: 0.3, frames: 150, samplerSeconds: 3.4, jobs: 2 });
  });
});
