import { describe, expect, it } from 'vitest';
import { JobStatusSchema } from '../../../core/contracts/job-status.js';
import { StatusTransitionError } from '../../../core/jobs/errors.js';
import { advanceStatus, failStatus, newJobStatus } from '../../../core/jobs/status-transitions.js';

const t = (second: number) => new Date(Date.UTC(2025, 0, 1, 0, 0, second));

function queued() {
  return newJobStatus({
    jobId: 'clip-1',
    ref: { name: 'clip', tenant: 'acme' },
    source: { bucket: 'tbd', key: 'tenants/acme/incoming/clip/job.json', etag: '"e"' },
    emotion: 'calm',
    seed: 7,
    at: t(0),
  });
}

describe('status transitions', () => {
  it('creates a valid queued record', () => {
    const status = queued();
    expect(JobStatusSchema.parse(status)).toEqual(status);
    expect(status).toMatchObject({ stage: 'queued', timestamps: { queued: '2025-01-01T00:00:00.000Z' } });
    expect(status).not.toHaveProperty('reasoner');
  });

  it('moves forward, recording when each stage was entered', () => {
    // Act
    const thinking = advanceStatus(queued(), 'thinking', t(1), { executionId: 'exec-1' }).status;
    const drawing = advanceStatus(thinking, 'drawing', t(2)).status;
    const done = advanceStatus(advanceStatus(drawing, 'publishing', t(3)).status, 'succeeded', t(4), {
      seed: 9,
      reasoner: 'facs',
    }).status;

    // Assess
    expect(JobStatusSchema.parse(done)).toEqual(done);
    expect(done).toMatchObject({ stage: 'succeeded', seed: 9, reasoner: 'facs', executionId: 'exec-1' });
    expect(Object.keys(done.timestamps)).toEqual([
      'queued',
      'thinking',
      'drawing',
      'publishing',
      'succeeded',
    ]);
    expect(done.updatedAt).toBe(t(4).toISOString());
  });

  it('keeps the first timestamp when a stage repeats, and allows skipping stages', () => {
    const drawing = advanceStatus(queued(), 'drawing', t(2));
    const again = advanceStatus(drawing.status, 'drawing', t(5));
    expect(again.changed).toBe(true);
    expect(again.status.timestamps.drawing).toBe(t(2).toISOString());
    expect(again.status.timestamps).not.toHaveProperty('thinking');
  });

  it('ignores a late update to an earlier stage', () => {
    const drawing = advanceStatus(queued(), 'drawing', t(2)).status;
    const late = advanceStatus(drawing, 'thinking', t(3));
    expect(late).toEqual({ status: drawing, changed: false });
    const failed = failStatus(drawing, { name: 'X', message: 'm' }, t(4)).status;
    expect(advanceStatus(failed, 'publishing', t(5)).changed).toBe(false);
  });

  it('records the stage a job failed in', () => {
    const drawing = advanceStatus(queued(), 'drawing', t(2)).status;
    const failed = failStatus(drawing, { name: 'NoFaceError', message: 'no face' }, t(3)).status;
    expect(failed).toMatchObject({ stage: 'failed', error: { name: 'NoFaceError', stage: 'drawing' } });
    expect(JobStatusSchema.parse(failed)).toEqual(failed);
  });

  it('refuses to turn a succeeded job into a failed one and the reverse', () => {
    const succeeded = advanceStatus(queued(), 'succeeded', t(1)).status;
    expect(() => failStatus(succeeded, { name: 'X', message: 'm' }, t(2))).toThrow(StatusTransitionError);
    const failed = failStatus(queued(), { name: 'X', message: 'm' }, t(1)).status;
    expect(() => advanceStatus(failed, 'succeeded', t(2))).toThrow(/already failed/);
  });
});
