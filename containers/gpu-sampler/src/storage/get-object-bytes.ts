/**
 * Reads a whole object into memory, refusing it before download when S3 says it is over the size
 * limit, and while streaming when it grows past it (a changed object, a missing Content-Length).
 */
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  ObjectAccessError,
  ObjectNotFoundError,
  ObjectReadError,
  ObjectTooLargeError,
  StorageError,
} from './errors.js';
import { isAbort, s3Failure } from './s3-failure.js';
import { formatS3Uri, type S3Location } from './s3-uri.js';

export interface GetObjectOptions {
  /** Larger objects raise ObjectTooLargeError. */
  readonly maxBytes: number;
  /** What the object is for, in messages and in the errors' `label` ("portrait"). */
  readonly label?: string;
  readonly signal?: AbortSignal;
}

/**
 * @throws ObjectNotFoundError | ObjectTooLargeError | ObjectAccessError  the caller's to fix
 * @throws ObjectReadError  network or service failure (retryable)
 * @throws the signal's reason when it fires
 */
export async function getObjectBytes(
  client: S3Client,
  location: S3Location,
  options: GetObjectOptions,
): Promise<Uint8Array> {
  const { maxBytes, label, signal } = options;
  const uri = formatS3Uri(location);
  try {
    const out = await client.send(new GetObjectCommand({ Bucket: location.bucket, Key: location.key }), {
      abortSignal: signal,
    });
    const body = out.Body as (AsyncIterable<Uint8Array> & { destroy?: () => void }) | undefined;
    if (!body) return new Uint8Array();
    if (out.ContentLength !== undefined && out.ContentLength > maxBytes) {
      body.destroy?.();
      throw new ObjectTooLargeError(uri, out.ContentLength, maxBytes, { label });
    }
    const chunks: Uint8Array[] = [];
    let total = 0;
    for await (const chunk of body) {
      total += chunk.byteLength;
      if (total > maxBytes) {
        body.destroy?.();
        throw new ObjectTooLargeError(uri, total, maxBytes, { label });
      }
      chunks.push(chunk);
    }
    return concat(chunks, total);
  } catch (error) {
    if (error instanceof StorageError) throw error;
    if (isAbort(error, signal)) throw signal?.reason ?? error;
    throw classifyReadError(error, uri, label);
  }
}

function classifyReadError(error: unknown, uri: string, label?: string): StorageError {
  const failure = s3Failure(error);
  if (failure.code === 'NoSuchKey' || (failure.status === 404 && failure.code !== 'NoSuchBucket')) {
    return new ObjectNotFoundError(uri, 'key', { cause: error, label });
  }
  if (failure.code === 'NoSuchBucket') return new ObjectNotFoundError(uri, 'bucket', { cause: error, label });
  if (failure.code === 'AccessDenied' || failure.status === 403) {
    return new ObjectAccessError(uri, 'read', { cause: error, label });
  }
  return new ObjectReadError(uri, `${failure.code}: ${failure.message}`, { cause: error, label });
}

/** Always a fresh buffer of its own (byteOffset 0), never a view into a pooled one. */
function concat(chunks: readonly Uint8Array[], total: number): Uint8Array {
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
