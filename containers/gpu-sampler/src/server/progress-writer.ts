/**
 * The progress document of a drawing job (core/contracts/job-progress.ts), kept up to date best
 * effort, at the DrawRequest's `progress` URI (the pipeline's `jobs/<jobId>/progress.json`):
 *
 *   report(stage, done, total)  never waits, never throws: keeps the latest numbers and writes
 *                               them at once when the stage changed, else at most once every
 *                               `intervalMs` (the latest numbers then; those in between are skipped)
 *   close()                     no write after it; waits for a write in flight at most
 *                               `closeWaitMs`, then cuts it. Called before the outputs are
 *                               published, so the document never changes after they are
 *
 * One write at a time, each cut after `writeTimeoutMs`. A failed write is logged at WARN (once,
 * until a write succeeds again; the count at close) and forgotten: the draw neither waits for the
 * document nor fails because of it.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import {
  JobProgressSchema,
  type JobProgress as ProgressDocument,
} from '../../../../core/contracts/job-progress.js';
import { resolvesWithin } from '../../../../core/util/resolves-within.js';
import { putObject } from '../storage/publish-objects.js';
import type { S3Location } from '../storage/s3-uri.js';
import { errorFields, type Log } from './log.js';

export const PROGRESS_WRITER_DEFAULTS = {
  /** Least time between two writes within one stage, ms. @default 1000 */
  intervalMs: 1000,
  /** Longest one write may take before it is cut, ms. @default 5000 */
  writeTimeoutMs: 5000,
  /** How long close() waits for a write in flight before cutting it, ms. @default 1000 */
  closeWaitMs: 1000,
} as const;

/** Where the document goes: one write, to be cut when `signal` fires. */
export type ProgressSink = (document: ProgressDocument, signal: AbortSignal) => Promise<void>;

export interface ProgressWriter {
  report(stage: string, done: number, total: number): void;
  close(): Promise<void>;
}

/** For a request without a `progress` URI. */
export const NO_PROGRESS_WRITER: ProgressWriter = { report() {}, close: () => Promise.resolve() };

export interface ProgressWriterOptions {
  readonly jobId: string;
  readonly sink: ProgressSink;
  readonly log: Log;
  /** @default PROGRESS_WRITER_DEFAULTS.intervalMs */
  readonly intervalMs?: number;
  /** @default PROGRESS_WRITER_DEFAULTS.writeTimeoutMs */
  readonly writeTimeoutMs?: number;
  /** @default PROGRESS_WRITER_DEFAULTS.closeWaitMs */
  readonly closeWaitMs?: number;
  /** The `updatedAt` of each report. @default () => new Date() */
  readonly clock?: () => Date;
}

export function createProgressWriter(options: ProgressWriterOptions): ProgressWriter {
  const { jobId, sink, log } = options;
  const intervalMs = options.intervalMs ?? PROGRESS_WRITER_DEFAULTS.intervalMs;
  const writeTimeoutMs = options.writeTimeoutMs ?? PROGRESS_WRITER_DEFAULTS.writeTimeoutMs;
  const closeWaitMs = options.closeWaitMs ?? PROGRESS_WRITER_DEFAULTS.closeWaitMs;
  const clock = options.clock ?? (() => new Date());

  let closed: Promise<void> | undefined;
  /** Reported, not written yet. */
  let latest: ProgressDocument | undefined;
  /** The last document handed to the sink. */
  let sent: ProgressDocument | undefined;
  let lastStartMs = Number.NEGATIVE_INFINITY;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> | undefined;
  let cut: AbortController | undefined;
  let failing = false;
  let failures = 0;

  const clearTimer = (): void => {
    if (timer) clearTimeout(timer);
    timer = undefined;
  };

  const write = (document: ProgressDocument): void => {
    sent = document;
    lastStartMs = performance.now();
    const controller = new AbortController();
    cut = controller;
    const signal = AbortSignal.any([controller.signal, AbortSignal.timeout(writeTimeoutMs)]);
    inFlight = Promise.resolve()
      .then(() => sink(document, signal))
      .then(
        () => {
          if (failing) log.info('progress writes resumed', { jobId, failures });
          failing = false;
        },
        (error: unknown) => {
          failures += 1;
          if (!failing)
            log.warn('progress not written', { jobId, stage: document.stage, ...errorFields(error, false) });
          failing = true;
        },
      )
      .finally(() => {
        inFlight = undefined;
        cut = undefined;
        pump();
      });
  };

  /** Writes the latest report if it is due, or arranges for it to be written when it is. */
  const pump = (): void => {
    if (closed || inFlight || !latest) return;
    const wait = latest.stage !== sent?.stage ? 0 : lastStartMs + intervalMs - performance.now();
    if (wait > 0) {
      timer ??= setTimeout(() => {
        timer = undefined;
        pump();
      }, wait);
      return;
    }
    clearTimer();
    const document = latest;
    latest = undefined;
    write(document);
  };

  const close = async (): Promise<void> => {
    clearTimer();
    latest = undefined;
    const running = inFlight;
    if (running && !(await resolvesWithin(running, closeWaitMs))) {
      cut?.abort(new Error('the job is over'));
      log.warn('progress write cut off at the end of the job', { jobId, waitedMs: closeWaitMs });
    }
    if (failures > 0) log.warn('progress writes failed', { jobId, failures });
  };

  return {
    report(stage, done, total) {
      if (closed) return;
      const whole = (n: number): number => (Number.isFinite(n) && n > 0 ? Math.floor(n) : 0);
      const of = whole(total);
      const document: ProgressDocument = {
        schemaVersion: 1,
        jobId,
        stage,
        done: of > 0 ? Math.min(whole(done), of) : whole(done),
        total: of,
        updatedAt: clock().toISOString(),
      };
      const previous = latest ?? sent;
      if (previous?.stage === stage && previous.done === document.done && previous.total === of) return;
      if (!JobProgressSchema.safeParse(document).success) return;
      latest = document;
      pump();
    },
    close() {
      closed ??= close();
      return closed;
    },
  };
}

/** The sink of the container: one PutObject of the JSON document at `location`. */
export function s3ProgressSink(client: S3Client, location: S3Location): ProgressSink {
  return (document, signal) =>
    putObject(
      client,
      {
        location,
        body: new TextEncoder().encode(`${JSON.stringify(document)}\n`),
        contentType: 'application/json',
        label: 'progress.json',
      },
      signal,
    );
}
