/**
 * The job index's key pager for the local S3 API: ListObjects (V1) with Marker and MaxKeys.
 *
 * Why not functions/api/key-pager.ts's `s3KeyPager` (ListObjectsV2 with StartAfter): s3rver 3.7
 * builds every truncated V2 answer's NextContinuationToken with DES, which OpenSSL 3 (Node >= 17)
 * no longer offers, so s3rver answers 500 InternalError (ERR_OSSL_EVP_UNSUPPORTED) to any V2 list
 * with more keys than MaxKeys, and GET /v1/jobs answered 503 as soon as a tenant had more jobs than
 * the page's limit (20 by default). V1 pages the same way (Marker is exclusive, keys in order) and
 * needs no token. S3 deployments keep `s3KeyPager`.
 */
import { ListObjectsCommand, type S3Client } from '@aws-sdk/client-s3';
import type { KeyPager } from '../../functions/api/key-pager.js';
import { toStorageError } from '../../functions/shared/s3-object-store.js';

export function markerKeyPager(client: S3Client, bucket: string): KeyPager {
  return async (prefix, { startAfter, limit }) => {
    try {
      const page = await client.send(
        new ListObjectsCommand({ Bucket: bucket, Prefix: prefix, Marker: startAfter, MaxKeys: limit }),
      );
      const keys = (page.Contents ?? []).flatMap((item) => (item.Key ? [item.Key] : []));
      return { keys, truncated: page.IsTruncated === true };
    } catch (error) {
      throw toStorageError(error, 'ListObjects', prefix);
    }
  };
}
