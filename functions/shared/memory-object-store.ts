/**
 * `ObjectStore` in memory: for tests and in-process runs. Honours conditional writes like S3
 * (412 -> PreconditionFailedError) and computes ETags as S3 does for single-part uploads (the
 * quoted MD5 of the content). `fault` lets a test fail chosen operations.
 */
import { createHash } from 'node:crypto';
import type { ByteRange, ObjectHead, ObjectStore, PutOptions, StoredObject } from './object-store.js';
import { ObjectNotFoundError, PreconditionFailedError } from './pipeline-errors.js';

export type StoreOperation = 'head' | 'get' | 'put' | 'copy' | 'delete' | 'list';

interface Entry {
  readonly body: Uint8Array;
  readonly etag: string;
  readonly contentType?: string;
}

export class MemoryObjectStore implements ObjectStore {
  readonly bucket: string;
  readonly #objects = new Map<string, Entry>();
  /** Called before each operation; throw from it to simulate a failure. */
  fault: ((operation: StoreOperation, key: string) => void) | undefined;

  constructor(bucket = 'tbd') {
    this.bucket = bucket;
  }

  /** Every key, sorted. */
  keys(): string[] {
    return [...this.#objects.keys()].sort();
  }

  /** The object's text, or undefined. */
  text(key: string): string | undefined {
    const entry = this.#objects.get(key);
    return entry ? new TextDecoder().decode(entry.body) : undefined;
  }

  /** The object parsed as JSON, or undefined. */
  json(key: string): unknown {
    const text = this.text(key);
    return text === undefined ? undefined : JSON.parse(text);
  }

  async head(key: string): Promise<ObjectHead | undefined> {
    this.fault?.('head', key);
    const entry = this.#objects.get(key);
    return entry && { size: entry.body.length, etag: entry.etag, contentType: entry.contentType };
  }

  async get(key: string, range?: ByteRange): Promise<StoredObject> {
    this.fault?.('get', key);
    const entry = this.#objects.get(key);
    if (!entry) throw new ObjectNotFoundError(key);
    const body = range ? entry.body.slice(range.start, range.end + 1) : entry.body.slice();
    return { body, etag: entry.etag };
  }

  async put(key: string, body: Uint8Array | string, options: PutOptions = {}): Promise<{ etag: string }> {
    this.fault?.('put', key);
    const current = this.#objects.get(key);
    if (options.ifNoneMatch === '*' && current) throw new PreconditionFailedError(key, 'If-None-Match: *');
    if (options.ifMatch !== undefined && current?.etag !== options.ifMatch)
      throw new PreconditionFailedError(key, `If-Match: ${options.ifMatch}`);
    const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body.slice();
    const etag = `"${createHash('md5').update(bytes).digest('hex')}"`;
    this.#objects.set(key, { body: bytes, etag, contentType: options.contentType });
    return { etag };
  }

  async copy(sourceKey: string, targetKey: string): Promise<void> {
    this.fault?.('copy', sourceKey);
    const entry = this.#objects.get(sourceKey);
    if (!entry) throw new ObjectNotFoundError(sourceKey);
    this.#objects.set(targetKey, { ...entry, body: entry.body.slice() });
  }

  async delete(key: string): Promise<void> {
    this.fault?.('delete', key);
    this.#objects.delete(key);
  }

  async list(prefix: string): Promise<string[]> {
    this.fault?.('list', prefix);
    return this.keys().filter((key) => key.startsWith(prefix));
  }
}
