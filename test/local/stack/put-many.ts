/** Many small objects, fast: PUTs through one client, a few at a time (s3rver writes each to disk). */
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';

/** Puts `keys` (body: the key) with at most `concurrency` requests in flight. */
export async function putMany(client: S3Client, bucket: string, keys: readonly string[], concurrency = 8) {
  let next = 0;
  const worker = async () => {
    while (next < keys.length) {
      const key = keys[next++];
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: key }));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** `<prefix>0000` ... in key order. */
export const numberedKeys = (prefix: string, count: number, suffix = ''): string[] =>
  Array.from({ length: count }, (_, i) => `${prefix}${String(i).padStart(4, '0')}${suffix}`);
