import { describe, expect, it } from 'vitest';
import { EventQueue, QueueClosedError } from '../../../local/stack/event-queue.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('EventQueue', () => {
  it('handles items one at a time, in order', async () => {
    // Prepare
    let active = 0;
    let maxActive = 0;
    const handled: number[] = [];
    const queue = new EventQueue<number, number>(async (n) => {
      active += 1;
      maxActive = Math.max(maxActive, active);
      await tick();
      handled.push(n);
      active -= 1;
      return n * 2;
    });

    // Act
    queue.push(1);
    queue.push(2);
    const third = queue.submit(3);
    await queue.idle();

    // Assess
    expect(await third).toBe(6);
    expect(handled).toEqual([1, 2, 3]);
    expect(maxActive).toBe(1);
    expect(queue.pending).toBe(0);
  });

  it('retries a failing item, then reports it and goes on', async () => {
    // Prepare
    const attempts: string[] = [];
    const errors: unknown[] = [];
    const retries: number[] = [];
    const queue = new EventQueue<string>(
      async (item) => {
        attempts.push(item);
        if (item === 'bad') throw new Error('S3 is down');
      },
      {
        attempts: 3,
        retryDelayMs: 1,
        onError: (_item, error) => errors.push(error),
        onRetry: (_item, _error, attempt) => retries.push(attempt),
      },
    );

    // Act
    queue.push('bad');
    queue.push('good');
    await queue.idle();

    // Assess
    expect(attempts).toEqual(['bad', 'bad', 'bad', 'good']);
    expect(retries).toEqual([1, 2]);
    expect(errors).toHaveLength(1);
    expect((errors[0] as Error).message).toBe('S3 is down');
  });

  it('on close finishes the item in hand, drops the rest and refuses new ones', async () => {
    // Prepare
    const handled: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const queue = new EventQueue<string>(async (item) => {
      if (item === 'first') await gate;
      handled.push(item);
    });
    queue.push('first');
    const dropped = queue.submit('second');
    await tick();

    // Act
    const closing = queue.close();
    release();
    const result = await closing;

    // Assess
    expect(result).toEqual({ dropped: 1 });
    expect(handled).toEqual(['first']);
    await expect(dropped).rejects.toBeInstanceOf(QueueClosedError);
    expect(queue.push('late')).toBe(false);
    await expect(queue.submit('late')).rejects.toBeInstanceOf(QueueClosedError);
  });

  it('cuts a retry pause short on close', async () => {
    // Prepare
    const queue = new EventQueue<string>(
      async () => {
        throw new Error('down');
      },
      { attempts: 5, retryDelayMs: 60_000 },
    );
    const item = queue.submit('x');
    await tick();

    // Act
    const started = Date.now();
    await queue.close();

    // Assess
    await expect(item).rejects.toThrow('down');
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
