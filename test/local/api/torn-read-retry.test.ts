/**
 * The local API's object store: a read that fails with a TransientError (s3rver's torn read of an
 * object being rewritten) is tried again; anything else passes through unchanged.
 */
import { describe, expect, it } from 'vitest';
import { MemoryObjectStore } from '../../../functions/shared/memory-object-store.js';
import { ObjectNotFoundError, TransientError } from '../../../functions/shared/pipeline-errors.js';
import { retryTornReads } from '../../../local/api/torn-read-retry.js';

/** A store whose first `failures` gets fail with `error`. */
function flakyStore(
  failures: number,
  error: () => Error = () => new TransientError('GetObject k: Error: aborted'),
) {
  const store = new MemoryObjectStore();
  const calls: string[] = [];
  store.fault = (operation, key) => {
    calls.push(`${operation} ${key}`);
    if (operation === 'get' && calls.filter((call) => call.startsWith('get')).length <= failures)
      throw error();
  };
  return { store, calls };
}

describe('retryTornReads', () => {
  it('reads again after a transient failure', async () => {
    // Prepare
    const { store, calls } = flakyStore(2);
    await store.put('jobs/j/status.json', '{"stage":"drawing"}');
    const objects = retryTornReads(store, { delayMs: 0 });

    // Act
    const read = await objects.get('jobs/j/status.json');

    // Assess
    expect(new TextDecoder().decode(read.body)).toBe('{"stage":"drawing"}');
    expect(calls.filter((call) => call.startsWith('get'))).toHaveLength(3);
  });

  it('passes the transient error on after the last attempt', async () => {
    // Prepare
    const { store, calls } = flakyStore(5);
    await store.put('k', 'v');

    // Act
    const read = retryTornReads(store, { attempts: 3, delayMs: 0 }).get('k');

    // Assess
    await expect(read).rejects.toBeInstanceOf(TransientError);
    expect(calls.filter((call) => call.startsWith('get'))).toHaveLength(3);
  });

  it('does not retry a missing object, and leaves the other operations as they are', async () => {
    // Prepare
    const { store, calls } = flakyStore(0);
    const objects = retryTornReads(store, { delayMs: 0 });

    // Act
    const missing = objects.get('nothing');
    await objects.put('a/1', 'x', { ifNoneMatch: '*' });
    await objects.copy('a/1', 'a/2');
    const listed = await objects.list('a/');
    const head = await objects.head('a/2');
    await objects.delete('a/1');

    // Assess
    await expect(missing).rejects.toBeInstanceOf(ObjectNotFoundError);
    expect(calls.filter((call) => call.startsWith('get'))).toHaveLength(1);
    expect(listed).toEqual(['a/1', 'a/2']);
    expect(head?.size).toBe(1);
    expect(await objects.list('a/')).toEqual(['a/2']);
    expect(objects.bucket).toBe(store.bucket);
  });
});
