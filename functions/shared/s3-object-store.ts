/**
 * `ObjectStore` over an S3 API (AWS, or s3rver locally: configure its client with
 * `forcePathStyle: true` and `requestChecksumCalculation: 'WHEN_REQUIRED'`).
 *
 * Failures are mapped so the state machine can act on them: 404 -> ObjectNotFoundError,
 * 412 / 409 ConditionalRequestConflict -> PreconditionFailedError, throttling, 5xx and dropped
 * connections -> TransientError (after the SDK's own retries), anything else -> StorageError.
 *
 * Conditional writes (`IfNoneMatch: '*'`, `IfMatch`) are enforced by S3; s3rver 3.7 ignores them,
 * so callers that need them also check first (see job-store.ts).
 */
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { ByteRange, ObjectHead, ObjectStore, PutOptions, StoredObject } from './object-store.js';
import {
  ObjectNotFoundError,
  PreconditionFailedError,
  StorageError,
  TransientError,
} from './pipeline-errors.js';

const TRANSIENT_NAMES = new Set([
  'SlowDown',
  'ServiceUnavailable',
  'InternalError',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
]);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND']);

interface SdkError extends Error {
  readonly $metadata?: { readonly httpStatusCode?: number };
  readonly code?: string;
}

/** Maps an S3 client failure onto the port's errors. */
export function toStorageError(error: unknown, operation: string, key: string): Error {
  if (!(error instanceof Error)) return new StorageError(`${operation} ${key} failed: ${String(error)}`, key);
  const sdk = error as SdkError;
  const status = sdk.$metadata?.httpStatusCode;
  if (error.name === 'NoSuchKey' || error.name === 'NotFound' || status === 404)
    return new ObjectNotFoundError(key, { cause: error });
  if (status === 412 || error.name === 'PreconditionFailed' || error.name === 'ConditionalRequestConflict')
    return new PreconditionFailedError(key, error.name, { cause: error });
  if (
    TRANSIENT_NAMES.has(error.name) ||
    (status !== undefined && status >= 500) ||
    status === 429 ||
    (sdk.code !== undefined && NETWORK_CODES.has(sdk.code))
  )
    return new TransientError(`${operation} ${key}: ${error.name}: ${error.message}`, { cause: error });
  return new StorageError(`${operation} ${key} failed: ${error.name}: ${error.message}`, key, {
    cause: error,
  });
}

export interface S3ObjectStoreProps {
  readonly client: S3Client;
  readonly bucket: string;
}

export class S3ObjectStore implements ObjectStore {
  readonly bucket: string;
  readonly #client: S3Client;

  constructor(props: S3ObjectStoreProps) {
    this.#client = props.client;
    this.bucket = props.bucket;
  }

  async head(key: string): Promise<ObjectHead | undefined> {
    try {
      const out = await this.#client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return { size: out.ContentLength ?? 0, etag: out.ETag ?? '', contentType: out.ContentType };
    } catch (error) {
      const mapped = toStorageError(error, 'HeadObject', key);
      if (mapped instanceof ObjectNotFoundError) return undefined;
      throw mapped;
    }
  }

  async get(key: string, range?: ByteRange): Promise<StoredObject> {
    try {
      const out = await this.#client.send(
        new GetObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Range: range ? `bytes=${range.start}-${range.end}` : undefined,
        }),
      );
      const body = out.Body ? await out.Body.transformToByteArray() : new Uint8Array();
      return { body, etag: out.ETag ?? '' };
    } catch (error) {
      throw toStorageError(error, 'GetObject', key);
    }
  }

  async put(key: string, body: Uint8Array | string, options: PutOptions = {}): Promise<{ etag: string }> {
    try {
      const out = await this.#client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: body,
          ContentType: options.contentType,
          IfNoneMatch: options.ifNoneMatch,
          IfMatch: options.ifMatch,
        }),
      );
      return { etag: out.ETag ?? '' };
    } catch (error) {
      throw toStorageError(error, 'PutObject', key);
    }
  }

  async copy(sourceKey: string, targetKey: string): Promise<void> {
    const source = `${this.bucket}/${sourceKey.split('/').map(encodeURIComponent).join('/')}`;
    try {
      await this.#client.send(
        new CopyObjectCommand({ Bucket: this.bucket, Key: targetKey, CopySource: source }),
      );
    } catch (error) {
      const mapped = toStorageError(error, 'CopyObject', sourceKey);
      throw mapped instanceof ObjectNotFoundError
        ? new ObjectNotFoundError(sourceKey, { cause: error })
        : mapped;
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await this.#client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
    } catch (error) {
      const mapped = toStorageError(error, 'DeleteObject', key);
      if (!(mapped instanceof ObjectNotFoundError)) throw mapped;
    }
  }

  async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    try {
      do {
        const page = await this.#client.send(
          new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }),
        );
        for (const item of page.Contents ?? []) if (item.Key) keys.push(item.Key);
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    } catch (error) {
      throw toStorageError(error, 'ListObjectsV2', prefix);
    }
    return keys.sort();
  }
}
