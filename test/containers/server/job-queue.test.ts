import { describe, expect, it } from 'vitest';
import { ServerBusyError } from '../../../containers/gpu-sampler/src/server/errors.js';
import { JobQueue } from '../../../containers/gpu-sampler/src/server/job-queue.js';

describe('JobQueue', () => {
  it('grants slots up to maxConcurrency and the rest in arrival order', async () => {
    // Prepare
    const queue = new JobQueue(1, 5);
    const order: string[] = [];

    // Act
    const a = await queue.acquire();
    const b = queue.acquire().then((release) => {
      order.push('b');
      return release;
    });
    const c = queue.acquire().then((release) => {
      order.push('c');
      return release;
    });
    const queuedBefore = queue.queued;
    a();
    (await b)();
    (await c)();

    // Assess
    expect(queuedBefore).toBe(2);
    expect(order).toEqual(['b', 'c']);
    expect(queue.running).toBe(0);
  });

  it('refuses with ServerBusyError when the queue is full', async () => {
    const queue = new JobQueue(1, 1);
    await queue.acquire();
    void queue.acquire();
    await expect(queue.acquire()).rejects.toBeInstanceOf(ServerBusyError);
  });

  it('drops a waiter whose signal fires, with the signal reason', async () => {
    const queue = new JobQueue(1, 5);
    const release = await queue.acquire();
    const controller = new AbortController();
    const waiting = queue.acquire(controller.signal);
    controller.abort(new Error('timed out'));
    await expect(waiting).rejects.toThrow('timed out');
    expect(queue.queued).toBe(0);
    release();
    expect(queue.running).toBe(0);
  });

  it('releasing twice frees one slot only', async () => {
    const queue = new JobQueue(2, 0);
    const release = await queue.acquire();
    await queue.acquire();
    release();
    release();
    expect(queue.running).toBe(1);
  });

  it('rejectWaiting refuses everyone waiting and idle() resolves when all is done', async () => {
    const queue = new JobQueue(1, 5);
    const release = await queue.acquire();
    const waiting = queue.acquire();
    const idle = queue.idle();
    queue.rejectWaiting(new Error('shutting down'));
    await expect(waiting).rejects.toThrow('shutting down');
    release();
    await expect(idle).resolves.toBeUndefined();
  });
});
