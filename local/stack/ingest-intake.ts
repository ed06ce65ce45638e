/**
 * How object-created events reach ingest in the local stack: the event queue (one at a time,
 * retried), each ingest run inside `starter.deferWhile` (the executions it starts begin once it
 * has returned, see local-starter.ts), and a log line for the outcomes the starter does not log:
 * a refused job (`job failed` at stage queued) and a duplicate (`job duplicate: nothing started`).
 */
import { parseManifestKey } from '../../core/jobs/job-keys.js';
import type { IngestResult } from '../../functions/ingest/ingest-handler.js';
import { EventQueue } from './event-queue.js';
import { logJob } from './job-log.js';
import type { LocalStarter } from './local-starter.js';
import type { StackLog } from './stack-log.js';

export interface IngestIntakeDeps {
  /** The ingest handler as a one-argument task (an S3 notification or `{ key }`). */
  readonly ingest: (event: unknown) => Promise<IngestResult>;
  readonly starter: Pick<LocalStarter, 'deferWhile'>;
  readonly log: StackLog;
}

export function createIngestIntake(deps: IngestIntakeDeps): EventQueue<unknown, IngestResult> {
  const { log } = deps;
  return new EventQueue<unknown, IngestResult>(
    async (event) => {
      const result = await deps.starter.deferWhile(() => deps.ingest(event));
      logOutcomes(result, log);
      return result;
    },
    {
      onRetry: (_event, error, attempt) => log.warn('ingest failed: retrying', { attempt, error }),
      onError: (event, error) =>
        log.error('ingest failed: the job.json is picked up again on the next start', {
          key: eventKey(event),
          error,
        }),
    },
  );
}

function eventKey(event: unknown): string | undefined {
  const record = (event as { Records?: { s3?: { object?: { key?: string } } }[] })?.Records?.[0];
  return record?.s3?.object?.key ?? (event as { key?: string })?.key;
}

function logOutcomes(result: IngestResult, log: StackLog): void {
  for (const outcome of result.results) {
    const parsed = parseManifestKey(outcome.key);
    const job = 'ref' in parsed ? parsed.ref : { name: outcome.key };
    if (outcome.outcome === 'rejected')
      logJob(log, 'failed', job, outcome.jobId, {
        stage: 'queued',
        error: `${outcome.error.name}: ${outcome.error.message}`,
      });
    else if (outcome.outcome === 'duplicate')
      log.info('job duplicate: nothing started', {
        name: job.name,
        tenant: job.tenant,
        id: outcome.jobId,
        stage: outcome.stage,
      });
    else if (outcome.outcome === 'skipped')
      log.debug('job.json skipped', { key: outcome.key, reason: outcome.reason });
  }
}
