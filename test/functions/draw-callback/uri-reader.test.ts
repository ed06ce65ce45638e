import 'aws-sdk-client-mock-vitest/extend';
import { GetObjectCommand, NoSuchKey, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { createS3UriReader } from '../../../functions/draw-callback/uri-reader.js';

const s3 = mockClient(S3Client);

describe('S3 URI reader', () => {
  it('reads any bucket by URI, undefined for a missing object', async () => {
    // Prepare
    s3.reset();
    s3.on(GetObjectCommand, { Bucket: 'async-out', Key: 'out/1.out' }).resolves({
      Body: { transformToByteArray: async () => new TextEncoder().encode('{"ok":true}') } as never,
    });
    s3.on(GetObjectCommand, { Bucket: 'async-out', Key: 'out/2.out' }).rejects(
      new NoSuchKey({ message: 'gone', $metadata: {} }),
    );
    const read = createS3UriReader(new S3Client({ region: 'us-east-1' }));

    // Act / Assess
    expect(new TextDecoder().decode(await read('s3://async-out/out/1.out'))).toBe('{"ok":true}');
    expect(await read('s3://async-out/out/2.out')).toBeUndefined();
    await expect(read('https://example.com/x')).rejects.toThrow(/not an s3:\/\/ URI/);
  });
});
