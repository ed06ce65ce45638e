/**
 * ListObjectsV2 pagination through the local S3 API: s3rver's own continuation tokens need DES,
 * which Node's OpenSSL 3 refuses, so s3-emulator.ts patches them (s3rver-list-v2-tokens.ts). More
 * keys than one page (1000) must come back complete, in order, with the SDK's paginator.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ListObjectsCommand,
  ListObjectsV2Command,
  paginateListObjectsV2,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type S3Emulator, startS3Emulator } from '../../../local/stack/s3-emulator.js';
import {
  decodeContinuationToken,
  encodeContinuationToken,
} from '../../../local/stack/s3rver-list-v2-tokens.js';
import { numberedKeys, putMany } from './put-many.js';

describe('the S3 emulator: ListObjectsV2 past one page', () => {
  let directory: string;
  let s3: S3Emulator;
  const bulk = numberedKeys('bulk/', 1010, '.txt');
  const others = ['a-before.txt', 'zz-after.txt'];

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'tbd-s3-listing-'));
    s3 = await startS3Emulator({ directory, port: 0 });
    await putMany(s3.createClient(), s3.bucket, [...bulk, ...others]);
  });

  afterAll(async () => {
    await s3?.stop();
    if (directory) await rm(directory, { recursive: true, force: true });
  });

  async function listAll(options: { prefix?: string; pageSize?: number; startAfter?: string }) {
    const keys: string[] = [];
    let pages = 0;
    for await (const page of paginateListObjectsV2(
      { client: s3.createClient(), pageSize: options.pageSize },
      { Bucket: s3.bucket, Prefix: options.prefix, StartAfter: options.startAfter },
    )) {
      pages += 1;
      for (const item of page.Contents ?? []) keys.push(item.Key ?? '');
    }
    return { keys, pages };
  }

  it('lists 1010 keys of a prefix in two default pages, all of them, in order', async () => {
    // Act
    const { keys, pages } = await listAll({ prefix: 'bulk/' });

    // Assess
    expect(pages).toBe(2);
    expect(keys).toEqual(bulk);
  });

  it('pages the whole bucket with a small MaxKeys and StartAfter', async () => {
    // Act
    const all = await listAll({ pageSize: 300 });
    const after = await listAll({ pageSize: 500, startAfter: bulk[399] });

    // Assess
    expect(all.pages).toBe(4);
    expect(all.keys).toEqual([others[0], ...bulk, others[1]]);
    expect(after.pages).toBe(2);
    expect(after.keys).toEqual([...bulk.slice(400), others[1]]);
  });

  it('answers a truncated page as S3 does: the token resumes after its last key, and is echoed', async () => {
    // Prepare
    const client = s3.createClient();

    // Act
    const first = await client.send(
      new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: 'bulk/', MaxKeys: 3 }),
    );
    const second = await client.send(
      new ListObjectsV2Command({
        Bucket: s3.bucket,
        Prefix: 'bulk/',
        MaxKeys: 3,
        ContinuationToken: first.NextContinuationToken,
      }),
    );

    // Assess
    expect(first).toMatchObject({ IsTruncated: true, KeyCount: 3 });
    expect(first.Contents?.map((item) => item.Key)).toEqual(bulk.slice(0, 3));
    expect(first.NextContinuationToken).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(second).toMatchObject({ IsTruncated: true, ContinuationToken: first.NextContinuationToken });
    expect(second.StartAfter).toBeUndefined();
    expect(second.Contents?.map((item) => item.Key)).toEqual(bulk.slice(3, 6));
  });

  it('refuses a token that is not its own for the bucket (400 InvalidArgument)', async () => {
    // Prepare
    const client = s3.createClient();
    const list = (token: string) =>
      client.send(new ListObjectsV2Command({ Bucket: s3.bucket, ContinuationToken: token }));

    // Act
    const results = await Promise.allSettled([
      list(encodeContinuationToken('other-bucket', 'bulk/0000.txt')),
      list('1NS8OEwN8+a/Xo2vCp2s1w=='),
    ]);

    // Assess
    for (const result of results) {
      expect(result.status).toBe('rejected');
      const error = (result as PromiseRejectedResult).reason;
      expect(error).toBeInstanceOf(S3ServiceException);
      expect(error).toMatchObject({ name: 'InvalidArgument', $metadata: { httpStatusCode: 400 } });
    }
  });

  it('leaves ListObjects V1 as it was (Marker, no token)', async () => {
    // Act
    const page = await s3
      .createClient()
      .send(new ListObjectsCommand({ Bucket: s3.bucket, Prefix: 'bulk/', Marker: bulk[1000], MaxKeys: 2 }));

    // Assess
    expect(page.IsTruncated).toBe(true);
    expect(page.Contents?.map((item) => item.Key)).toEqual(bulk.slice(1001, 1003));
  });
});

describe('continuation tokens', () => {
  it('round-trip any key, and belong to one bucket', () => {
    for (const key of ['', 'a', 'incoming/ä ö/job.json', 'k/+=?&#%/\u{1F600}']) {
      const token = encodeContinuationToken('tbd', key);
      expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodeContinuationToken(token, 'tbd')).toBe(key);
      expect(decodeContinuationToken(token, 'tb')).toBeUndefined();
    }
    expect(decodeContinuationToken(`${encodeContinuationToken('tbd', 'a')}!`, 'tbd')).toBeUndefined();
  });
});
