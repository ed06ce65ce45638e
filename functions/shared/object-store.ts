/**
 * The storage port of the pipeline's handlers: one bucket, keyed objects. Adapters: S3 (any S3
 * API: AWS, s3rver) in s3-object-store.ts; in memory in memory-object-store.ts (tests, in-process
 * runs). Errors: `ObjectNotFoundError`, `PreconditionFailedError`, `TransientError`, `StorageError`.
 */
import type { z } from 'zod';
import { StorageError } from './pipeline-errors.js';

export interface ObjectHead {
  readonly size: number;
  /** As the store returns it (S3 quotes it). */
  readonly etag: string;
  readonly contentType?: string;
}

/** Inclusive byte range, like HTTP `Range: bytes=start-end`. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

export interface StoredObject {
  readonly body: Uint8Array;
  readonly etag: string;
}

export interface PutOptions {
  readonly contentType?: string;
  /** `'*'`: write only if no object exists at the key. */
  readonly ifNoneMatch?: '*';
  /** Write only if the current object has this ETag. */
  readonly ifMatch?: string;
}

export interface ObjectStore {
  readonly bucket: string;
  /** Size and ETag, or undefined when there is no object. */
  head(key: string): Promise<ObjectHead | undefined>;
  /** The object's bytes (or a range of them); throws ObjectNotFoundError. */
  get(key: string, range?: ByteRange): Promise<StoredObject>;
  /** Throws PreconditionFailedError when a condition does not hold. */
  put(key: string, body: Uint8Array | string, options?: PutOptions): Promise<{ etag: string }>;
  /** Server-side copy within the bucket; throws ObjectNotFoundError for a missing source. */
  copy(sourceKey: string, targetKey: string): Promise<void>;
  /** Deleting a missing key is not an error. */
  delete(key: string): Promise<void>;
  /** Every key under the prefix, sorted. */
  list(prefix: string): Promise<string[]>;
}

/** Pretty JSON with a final newline, as every JSON object of the pipeline is written. */
export function toJsonBody(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

export async function putJson(
  store: ObjectStore,
  key: string,
  value: unknown,
  options: Omit<PutOptions, 'contentType'> = {},
): Promise<{ etag: string }> {
  return store.put(key, toJsonBody(value), { ...options, contentType: 'application/json' });
}

/** Reads and parses a JSON object with `schema`; a malformed object is a StorageError naming the key. */
export async function getJson<T extends z.ZodType>(
  store: ObjectStore,
  key: string,
  schema: T,
): Promise<{ value: z.infer<T>; etag: string }> {
  const { body, etag } = await store.get(key);
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(body));
  } catch (error) {
    throw new StorageError(`${key} is not valid JSON`, key, { cause: error });
  }
  const result = schema.safeParse(parsed);
  if (!result.success) {
    const detail = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new StorageError(`${key} is not a valid record: ${detail}`, key, { cause: result.error });
  }
  return { value: result.data, etag };
}
