/**
 * Idempotent job ids: the same manifest object with the same media yields the same id, so a
 * redelivered S3 event, or the same `job.json` uploaded again, starts no second job.
 *
 *   id = <slug of the name's last segment, ≤ 40> "-" <first 24 hex of SHA-256(identity)>
 *   identity = [bucket, key, ETag of job.json, ETag of each medium...]
 *
 * ETags, not version ids: a versioned bucket gives an identical re-upload a new version id but
 * the same ETag (MD5 of the content for single-part uploads). Changing the manifest or a medium
 * (and uploading job.json again) therefore starts a new job; re-uploading identical files does not.
 *
 * The id is a valid Step Functions execution name (≤ 80 characters of [a-z0-9-]) and matches
 * JOB_ID_PATTERN of the DrawRequest contract.
 */
import { createHash } from 'node:crypto';

export const JOB_ID_DEFAULTS = {
  /** Characters kept from the name's slug. @default 40 */
  slugLength: 40,
  /** Hex characters of the digest (96 bits). @default 24 */
  hashLength: 24,
  /** Slug when the name has no letter or digit. @default 'job' */
  emptySlug: 'job',
} as const;

export interface JobIdentity {
  /** The job's name (`incoming/<name>/`); only its last segment shows in the id. */
  readonly name: string;
  readonly bucket: string;
  /** The manifest's key. */
  readonly key: string;
  /** The manifest's ETag (quoted or not). */
  readonly etag: string;
  /** ETags of the media, in manifest order (portrait, audio); empty when unknown. */
  readonly media?: readonly string[];
}

/** `"abc"` -> `abc`: S3 responses quote ETags, S3 events do not. */
export function normalizeEtag(etag: string): string {
  return etag.replace(/^W\//, '').replace(/^"(.*)"$/, '$1');
}

export function slugOf(name: string): string {
  const last = name.split('/').pop() ?? '';
  const slug = last
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, JOB_ID_DEFAULTS.slugLength)
    .replace(/-+$/, '');
  return slug || JOB_ID_DEFAULTS.emptySlug;
}

export function deriveJobId(identity: JobIdentity): string {
  const parts = [
    identity.bucket,
    identity.key,
    normalizeEtag(identity.etag),
    ...(identity.media ?? []).map(normalizeEtag),
  ];
  const digest = createHash('sha256').update(JSON.stringify(parts)).digest('hex');
  return `${slugOf(identity.name)}-${digest.slice(0, JOB_ID_DEFAULTS.hashLength)}`;
}
