/**
 * The S3 adapter of the ObjectStore port against a real S3 API (s3rver on loopback). The error
 * mapping of S3 proper is in s3-object-store-errors.test.ts (a mocked client mocks every client
 * of its file).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newJobStatus } from '../../../core/jobs/status-transitions.js';
import { JobStore } from '../../../functions/shared/job-store.js';
import { ObjectNotFoundError } from '../../../functions/shared/pipeline-errors.js';
import { S3ObjectStore } from '../../../functions/shared/s3-object-store.js';
import { type RunningS3rver, startS3rver } from '../../helpers/s3rver.js';

describe('S3ObjectStore on s3rver', () => {
  let s3: RunningS3rver;
  let store: S3ObjectStore;

  beforeAll(async () => {
    s3 = await startS3rver();
    store = new S3ObjectStore({ client: s3.client, bucket: s3.bucket });
  });
  afterAll(async () => {
    await s3?.stop();
  });

  it('puts, heads, reads ranges, copies, lists and deletes', async () => {
    // Act
    const { etag } = await store.put('a/b c/x.bin', Uint8Array.from([1, 2, 3, 4, 5]), {
      contentType: 'application/x-test',
    });
    const head = await store.head('a/b c/x.bin');
    const range = await store.get('a/b c/x.bin', { start: 1, end: 3 });
    const short = await store.get('a/b c/x.bin', { start: 0, end: 15 });
    await store.copy('a/b c/x.bin', 'out/copy é.bin');
    const listed = await store.list('');
    await store.delete('a/b c/x.bin');
    await store.delete('never/existed');

    // Assess
    expect(head).toEqual({ size: 5, etag, contentType: 'application/x-test' });
    expect([...range.body]).toEqual([2, 3, 4]);
    expect([...short.body]).toEqual([1, 2, 3, 4, 5]);
    expect(listed).toEqual(['a/b c/x.bin', 'out/copy é.bin']);
    expect(await store.head('a/b c/x.bin')).toBeUndefined();
    expect([...(await store.get('out/copy é.bin')).body]).toEqual([1, 2, 3, 4, 5]);
    await expect(store.get('missing')).rejects.toThrow(ObjectNotFoundError);
    await expect(store.copy('missing', 'x')).rejects.toThrow(ObjectNotFoundError);
  });

  it('creates a status record only once (read-then-write where S3 conditions are ignored)', async () => {
    // Prepare
    const jobs = new JobStore(store);
    const status = newJobStatus({
      jobId: 'job-1',
      ref: { name: 'clip' },
      source: { bucket: 'tbd', key: 'incoming/clip/job.json', etag: 'e' },
      at: new Date(),
    });

    // Act
    const first = await jobs.createStatus(status);
    const second = await jobs.createStatus({ ...status, emotion: 'other' });
    const moved = await jobs.transition('job-1', 'thinking');

    // Assess
    expect(first.created).toBe(true);
    expect(second).toEqual({ created: false, status });
    expect(moved.status.stage).toBe('thinking');
    expect((await jobs.readStatus('job-1'))?.status.stage).toBe('thinking');
  });
});
