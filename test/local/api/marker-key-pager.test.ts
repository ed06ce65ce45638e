/**
 * The local job index pager against a real s3rver: pages in key order after a marker, truncated
 * while more keys follow. (The V2 pager it replaces locally fails on any truncated page: s3rver
 * signs V2 continuation tokens with DES, which OpenSSL 3 refuses.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s3KeyPager } from '../../../functions/api/key-pager.js';
import { TransientError } from '../../../functions/shared/pipeline-errors.js';
import { markerKeyPager } from '../../../local/api/marker-key-pager.js';
import { type RunningS3rver, startS3rver } from '../../helpers/s3rver.js';

describe('markerKeyPager over s3rver', () => {
  let s3: RunningS3rver;
  const keys = Array.from({ length: 25 }, (_, i) => `tenants/t/api-jobs/${String(i).padStart(3, '0')}.json`);

  beforeAll(async () => {
    s3 = await startS3rver();
    for (const key of keys) await s3.put(key, '{}', 'application/json');
    await s3.put('tenants/u/api-jobs/000.json', '{}', 'application/json');
  });

  afterAll(async () => {
    await s3?.stop();
  });

  it('pages the prefix in key order, after the marker, truncated while more follow', async () => {
    // Prepare
    const pager = markerKeyPager(s3.client, s3.bucket);
    const prefix = 'tenants/t/api-jobs/';

    // Act
    const first = await pager(prefix, { limit: 10 });
    const second = await pager(prefix, { startAfter: first.keys.at(-1), limit: 10 });
    const last = await pager(prefix, { startAfter: second.keys.at(-1), limit: 10 });

    // Assess
    expect(first).toEqual({ keys: keys.slice(0, 10), truncated: true });
    expect(second).toEqual({ keys: keys.slice(10, 20), truncated: true });
    expect(last).toEqual({ keys: keys.slice(20), truncated: false });
  });

  it('is needed: s3rver fails a truncated ListObjectsV2 page, the V2 pager reports it as transient', async () => {
    // Act
    const failed = s3KeyPager(s3.client, s3.bucket)('tenants/t/api-jobs/', { limit: 10 });

    // Assess
    await expect(failed).rejects.toBeInstanceOf(TransientError);
    await expect(s3KeyPager(s3.client, s3.bucket)('tenants/t/api-jobs/', { limit: 25 })).resolves.toEqual({
      keys,
      truncated: false,
    });
  });
});
