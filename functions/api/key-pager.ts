/**
 * One page of keys under a prefix, in key order, after a given key: what the job list needs and
 * the ObjectStore port does not offer (its `list` returns every key). Adapters: S3's
 * ListObjectsV2 with StartAfter and MaxKeys (one request per page, whatever the tenant's history),
 * and `listPageOf`, over any ObjectStore (lists everything, then slices: fine for memory and tests).
 */
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { ObjectStore } from '../shared/object-store.js';
import { toStorageError } from '../shared/s3-object-store.js';

export interface KeyPage {
  readonly keys: readonly string[];
  /** More keys follow the last one. */
  readonly truncated: boolean;
}

export interface PageRequest {
  /** Exclusive. */
  readonly startAfter?: string;
  readonly limit: number;
}

export type KeyPager = (prefix: string, request: PageRequest) => Promise<KeyPage>;

export function listPageOf(objects: ObjectStore): KeyPager {
  return async (prefix, { startAfter, limit }) => {
    const all = await objects.list(prefix);
    const after = startAfter === undefined ? all : all.filter((key) => key > startAfter);
    return { keys: after.slice(0, limit), truncated: after.length > limit };
  };
}

export function s3KeyPager(client: S3Client, bucket: string): KeyPager {
  return async (prefix, { startAfter, limit }) => {
    try {
      const page = await client.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, StartAfter: startAfter, MaxKeys: limit }),
      );
      const keys = (page.Contents ?? []).flatMap((item) => (item.Key ? [item.Key] : []));
      return { keys, truncated: page.IsTruncated === true };
    } catch (error) {
      throw toStorageError(error, 'ListObjectsV2', prefix);
    }
  };
}
