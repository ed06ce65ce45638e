/**
 * Admission control: at most `maxConcurrency` jobs hold a slot (one per GPU by default), up to
 * `maxQueue` more wait in arrival order, and anything beyond is refused at once (503) rather than
 * piling up. A waiting job leaves the queue when its signal fires (timeout, hang-up, shutdown).
 */
import { ServerBusyError } from './errors.js';

/** Gives the slot back; calling it twice is harmless. */
export type ReleaseSlot = () => void;

interface Waiter {
  readonly grant: (release: ReleaseSlot) => void;
  readonly reject: (reason: unknown) => void;
}

export class JobQueue {
  #running = 0;
  readonly #waiting: Waiter[] = [];
  readonly #idleListeners: (() => void)[] = [];

  constructor(
    readonly maxConcurrency: number,
    readonly maxQueue: number,
  ) {
    if (!Number.isInteger(maxConcurrency) || maxConcurrency < 1) {
      throw new RangeError(`maxConcurrency must be a positive integer, got ${maxConcurrency}`);
    }
  }

  get running(): number {
    return this.#running;
  }

  get queued(): number {
    return this.#waiting.length;
  }

  /**
   * Resolves with a release function once a slot is free.
   * @throws ServerBusyError when the queue is full; the signal's reason when it fires while waiting
   */
  acquire(signal?: AbortSignal): Promise<ReleaseSlot> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.#running < this.maxConcurrency) return Promise.resolve(this.#take());
    if (this.#waiting.length >= this.maxQueue) {
      return Promise.reject(new ServerBusyError(this.#running, this.#waiting.length));
    }
    return new Promise<ReleaseSlot>((resolve, reject) => {
      const onAbort = (): void => {
        this.#remove(waiter);
        reject(signal?.reason);
      };
      const waiter: Waiter = {
        grant: (release) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(release);
        },
        reject: (reason) => {
          signal?.removeEventListener('abort', onAbort);
          reject(reason);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiting.push(waiter);
    });
  }

  /** Refuses every waiting job with `reason` (on shutdown). */
  rejectWaiting(reason: unknown): void {
    for (const waiter of this.#waiting.splice(0)) waiter.reject(reason);
    this.#notifyIdle();
  }

  /** Resolves when no job runs or waits. */
  idle(): Promise<void> {
    if (this.#running === 0 && this.#waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleListeners.push(resolve));
  }

  #take(): ReleaseSlot {
    this.#running += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#running -= 1;
      const next = this.#waiting.shift();
      if (next) next.grant(this.#take());
      this.#notifyIdle();
    };
  }

  #remove(waiter: Waiter): void {
    const index = this.#waiting.indexOf(waiter);
    if (index >= 0) this.#waiting.splice(index, 1);
    this.#notifyIdle();
  }

  #notifyIdle(): void {
    if (this.#running > 0 || this.#waiting.length > 0) return;
    for (const listener of this.#idleListeners.splice(0)) listener();
  }
}
