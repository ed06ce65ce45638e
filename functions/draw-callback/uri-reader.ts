/**
 * Reads an object by `s3://` URI, in whatever bucket the endpoint's output and failure paths
 * point to (they need not be the pipeline bucket). Undefined when there is no object.
 */
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { ObjectNotFoundError } from '../shared/pipeline-errors.js';
import { toStorageError } from '../shared/s3-object-store.js';
import { parseS3Uri } from '../shared/s3-uri.js';
import { DrawCallbackError } from './errors.js';

export type UriReader = (uri: string) => Promise<Uint8Array | undefined>;

export function createS3UriReader(client: S3Client): UriReader {
  return async (uri) => {
    const location = parseS3Uri(uri);
    if (!location) throw new DrawCallbackError(`${uri} is not an s3:// URI`);
    try {
      const out = await client.send(new GetObjectCommand({ Bucket: location.bucket, Key: location.key }));
      return out.Body ? await out.Body.transformToByteArray() : new Uint8Array();
    } catch (error) {
      const mapped = toStorageError(error, 'GetObject', uri);
      if (mapped instanceof ObjectNotFoundError) return undefined;
      throw mapped;
    }
  };
}
