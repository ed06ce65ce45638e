/**
 * Which of s3rver's events reach ingest: ObjectCreated (Put, Post, Copy, multipart) records of
 * the pipeline bucket whose key is a job manifest, `[tenants/<tenant>/]incoming/<name>/job.json`
 * (the same filter as the cloud's bucket notification: suffix `job.json` under `incoming/`).
 * Everything else (the media, the pipeline's own writes under `jobs/` and `outgoing/`, deletes)
 * is dropped here, before the queue.
 *
 * s3rver puts the plain key in its records; S3 sends keys form-encoded ("+" for a space, the rest
 * percent-encoded) and ingest decodes them (functions/ingest/ingest-event.ts). The records are
 * re-encoded the S3 way, so ingest parses exactly what the cloud delivers.
 */
import { parseManifestKey } from '../../core/jobs/job-keys.js';
import type { S3Notification } from './s3-emulator.js';

/** Encodes a key as S3 event notifications do: "/" kept, spaces as "+", the rest percent-encoded. */
export function encodeS3EventKey(key: string): string {
  return key
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/%20/g, '+'))
    .join('/');
}

/** True for a key that starts a job. */
export function isManifestKey(key: string): boolean {
  return 'ref' in parseManifestKey(key);
}

/**
 * The notification reduced to manifest-created records of `bucket`, keys S3-encoded; undefined
 * when none is left.
 */
export function manifestNotification(event: S3Notification, bucket: string): S3Notification | undefined {
  const records = (event.Records ?? [])
    .filter(
      (record) =>
        record.eventName?.startsWith('ObjectCreated:') &&
        record.s3?.bucket?.name === bucket &&
        typeof record.s3.object?.key === 'string' &&
        isManifestKey(record.s3.object.key),
    )
    .map((record) => ({
      ...record,
      s3: { ...record.s3, object: { ...record.s3.object, key: encodeS3EventKey(record.s3.object.key) } },
    }));
  return records.length > 0 ? { Records: records } : undefined;
}
