/**
 * A first-in first-out queue handled one item at a time: the local stack's delivery of S3
 * events to ingest. One at a time because s3rver ignores conditional writes, so ingest's
 * "create the status record only if absent" is a read-then-write; serial handling makes it
 * atomic locally (functions/shared/job-store.ts).
 *
 * A failing item is retried (`attempts`, `retryDelayMs` apart), as S3 and Lambda redeliver a
 * failed asynchronous invocation; after the last attempt `onError` hears of it. `close()` stops
 * accepting, lets the item in hand finish and drops the rest: dropped manifests are found again
 * by the next start's scan (recover-jobs.ts).
 */

export const EVENT_QUEUE_DEFAULTS = {
  /** Handling attempts per item. @default 3 */
  attempts: 3,
  /** Pause before a retry, times the attempt number. @default 1000 */
  retryDelayMs: 1000,
} as const;

export interface EventQueueOptions<T> {
  /** @default EVENT_QUEUE_DEFAULTS.attempts */
  readonly attempts?: number;
  /** @default EVENT_QUEUE_DEFAULTS.retryDelayMs */
  readonly retryDelayMs?: number;
  /** A `push`ed item failed its last attempt (a `submit`ted one rejects instead). */
  readonly onError?: (item: T, error: unknown) => void;
  /** An attempt failed and will be retried. */
  readonly onRetry?: (item: T, error: unknown, attempt: number) => void;
}

interface Entry<T, R> {
  readonly item: T;
  readonly resolve: (result: R) => void;
  readonly reject: (error: unknown) => void;
}

export class QueueClosedError extends Error {
  constructor() {
    super('the queue is closed');
    this.name = 'QueueClosedError';
  }
}

export class EventQueue<T, R = unknown> {
  readonly #handle: (item: T) => Promise<R>;
  readonly #attempts: number;
  readonly #retryDelayMs: number;
  readonly #options: EventQueueOptions<T>;
  readonly #entries: Entry<T, R>[] = [];
  #busy = false;
  #closed = false;
  #current: Promise<void> | undefined;
  #idleWaiters: (() => void)[] = [];
  #wakeRetry: (() => void) | undefined;

  constructor(handle: (item: T) => Promise<R>, options: EventQueueOptions<T> = {}) {
    this.#handle = handle;
    this.#attempts = Math.max(1, options.attempts ?? EVENT_QUEUE_DEFAULTS.attempts);
    this.#retryDelayMs = options.retryDelayMs ?? EVENT_QUEUE_DEFAULTS.retryDelayMs;
    this.#options = options;
  }

  /** Items waiting, plus the one in hand. */
  get pending(): number {
    return this.#entries.length + (this.#busy ? 1 : 0);
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Queues an item, fire and forget; false when the queue is closed. */
  push(item: T): boolean {
    if (this.#closed) return false;
    this.#enqueue(item).catch((error: unknown) => this.#options.onError?.(item, error));
    return true;
  }

  /** Queues an item and resolves with its handler's result (rejects after the last attempt). */
  submit(item: T): Promise<R> {
    if (this.#closed) return Promise.reject(new QueueClosedError());
    return this.#enqueue(item);
  }

  /** Resolves when nothing is waiting or in hand. */
  idle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Stops accepting, finishes the item in hand, drops the rest; resolves with how many were dropped. */
  async close(): Promise<{ dropped: number }> {
    this.#closed = true;
    const dropped = this.#entries.splice(0);
    for (const entry of dropped) entry.reject(new QueueClosedError());
    this.#wakeRetry?.();
    await this.#current;
    this.#settleIdle();
    return { dropped: dropped.length };
  }

  #enqueue(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.#entries.push({ item, resolve, reject });
      this.#drain();
    });
  }

  #drain(): void {
    if (this.#busy) return;
    const entry = this.#entries.shift();
    if (!entry) {
      this.#settleIdle();
      return;
    }
    this.#busy = true;
    this.#current = this.#run(entry).finally(() => {
      this.#busy = false;
      this.#current = undefined;
      this.#drain();
    });
  }

  async #run(entry: Entry<T, R>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        entry.resolve(await this.#handle(entry.item));
        return;
      } catch (error) {
        if (attempt >= this.#attempts || this.#closed) {
          entry.reject(error);
          return;
        }
        this.#options.onRetry?.(entry.item, error, attempt);
        await this.#pause(this.#retryDelayMs * attempt);
        if (this.#closed) {
          entry.reject(error);
          return;
        }
      }
    }
  }

  /** A retry delay that close() cuts short. */
  #pause(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wakeRetry = done;
    }).finally(() => {
      this.#wakeRetry = undefined;
    });
  }

  #settleIdle(): void {
    if (this.pending > 0) return;
    const waiters = this.#idleWaiters.splice(0);
    for (const resolve of waiters) resolve();
  }
}
