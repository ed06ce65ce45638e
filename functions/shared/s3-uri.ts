/**
 * `s3://<bucket>/<key>` URIs, as the DrawRequest contract carries them.
 */
import { S3_URI_PATTERN } from '../../core/contracts/draw-request.js';

export interface S3Location {
  readonly bucket: string;
  readonly key: string;
}

export function formatS3Uri(bucket: string, key: string): string {
  return `s3://${bucket}/${key}`;
}

/** The bucket and key of a URI, or undefined when it is not an `s3://` URI. */
export function parseS3Uri(uri: string): S3Location | undefined {
  const match = S3_URI_PATTERN.exec(uri);
  if (!match) return undefined;
  const [, bucket = '', key = ''] = match;
  return { bucket, key };
}
