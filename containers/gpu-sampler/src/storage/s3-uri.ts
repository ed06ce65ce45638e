/** `s3://bucket/key` URIs <-> bucket and key, with the request contract's own pattern. */
import { S3_URI_PATTERN } from '../../../../core/contracts/draw-request.js';
import { S3UriError } from './errors.js';

export interface S3Location {
  readonly bucket: string;
  /** The object key, or a prefix ending in "/" (empty for the bucket's root). */
  readonly key: string;
}

/**
 * Splits an S3 URI. The key is taken as written (S3 keys are not URL-encoded in `s3://` URIs).
 * @throws S3UriError when `uri` does not match `s3://<bucket>/<key>`
 */
export function parseS3Uri(uri: string, label?: string): S3Location {
  const match = S3_URI_PATTERN.exec(uri);
  if (!match) throw new S3UriError(uri, 'is not an S3 URI', { label });
  return { bucket: match[1]!, key: match[2]! };
}

export function formatS3Uri(location: S3Location): string {
  return `s3://${location.bucket}/${location.key}`;
}

/** The object `name` under a prefix location (whose key is empty or ends in "/"). */
export function childLocation(prefix: S3Location, name: string): S3Location {
  if (prefix.key !== '' && !prefix.key.endsWith('/')) {
    throw new S3UriError(formatS3Uri(prefix), 'is not a prefix (it must end in "/")');
  }
  return { bucket: prefix.bucket, key: `${prefix.key}${name}` };
}

/** The last path segment of the key: "portrait.png" for s3://tbd/incoming/a/portrait.png. */
export function baseName(location: S3Location): string {
  const parts = location.key.split('/');
  return parts[parts.length - 1] ?? location.key;
}
