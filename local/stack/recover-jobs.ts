/**
 * What a start of the local stack does so that a restart loses no job (a stop with Ctrl-C, a
 * crash, a killed process: all the same here).
 *
 * Decision: an unfinished job is RESUMED, i.e. its execution is run again from the start under
 * the same job id and input. That is safe because every stage is idempotent: Think rewrites the
 * same plan, Draw rewrites `jobs/<id>/draw/` all or nothing, Publish copies and writes
 * result.json last, and status updates only move forward. A job is marked failed instead (error
 * name `JobNotResumableError`, the reason in the message) only when resuming would be wrong:
 *
 *   status (not succeeded/failed)       what happens
 *   ---------------------------------   ---------------------------------------------------------
 *   job.json deleted                    failed: "its job.json was deleted ..." (+ error.json)
 *   job.json replaced (other ETag)      failed, status only: the new job.json is its own job and
 *                                       owns outgoing/<name>/ (it is ingested below)
 *   execution record, runs < maxRuns    resumed (queued -> thinking first)
 *   execution record, runs >= maxRuns   failed: "interrupted N times ..." (a job that kills the
 *                                       stack must not do so on every start) (+ error.json)
 *   no record, queued                   ingested again: ingest stopped before the execution
 *                                       started; the same inputs give the same job id and start
 *                                       it; changed media give a new job and this one is failed
 *                                       (status only)
 *   no record, past queued              failed: "no execution record ..." (+ error.json)
 *
 * Then manifests whose object-created event never reached ingest (uploaded while the stack was
 * stopping, or dropped by a crash) are found: every `[tenants/<t>/]incoming/**\/job.json` whose
 * key and ETag no status record names as its source is ingested (a duplicate is harmless).
 */
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { JobError, JobStatus } from '../../core/contracts/job-status.js';
import { normalizeEtag } from '../../core/jobs/job-id.js';
import { JOB_LAYOUT, type JobRef, WORK_FILES } from '../../core/jobs/job-keys.js';
import { isTerminal } from '../../core/jobs/status-transitions.js';
import type { IngestResult } from '../../functions/ingest/ingest-handler.js';
import type { JobStore } from '../../functions/shared/job-store.js';
import { JOB_NOT_RESUMABLE } from './errors.js';
import type { ExecutionRecord, ExecutionRecords } from './execution-record.js';
import { logJob } from './job-log.js';
import { isManifestKey } from './manifest-events.js';
import type { StackLog } from './stack-log.js';

export const RECOVERY_DEFAULTS = {
  /** Runs of one execution (the first + resumes) before recovery gives up on it. @default 3 */
  maxRuns: 3,
  /** Status records read at once. @default 8 */
  concurrency: 8,
} as const;

export interface ManifestObject {
  readonly key: string;
  readonly etag: string;
}

export interface RecoveryDeps {
  readonly jobs: JobStore;
  readonly records: ExecutionRecords;
  /** Runs a recorded execution again (LocalStarter.resume). */
  readonly resume: (record: ExecutionRecord) => Promise<void>;
  /** Ingests one manifest key, through the stack's event queue. */
  readonly ingest: (key: string) => Promise<IngestResult>;
  /** Every job manifest in the bucket, with its ETag. */
  readonly listManifests: () => Promise<ManifestObject[]>;
  readonly log: StackLog;
  /** @default RECOVERY_DEFAULTS.maxRuns */
  readonly maxRuns?: number;
}

export interface RecoveryReport {
  /** Job ids resumed (or started again by ingest). */
  readonly resumed: string[];
  readonly failed: { readonly jobId: string; readonly reason: string }[];
  /** Manifest keys handed to ingest because no status record named them. */
  readonly ingested: string[];
}

const STATUS_KEY = new RegExp(
  `^${JOB_LAYOUT.jobs}([A-Za-z0-9][^/]*)/${WORK_FILES.status.replace('.', '\\.')}$`,
);

const sourceId = (key: string, etag: string) => `${key}\n${normalizeEtag(etag)}`;

export async function recoverJobs(deps: RecoveryDeps): Promise<RecoveryReport> {
  const report = {
    resumed: [] as string[],
    failed: [] as RecoveryReport['failed'],
    ingested: [] as string[],
  };
  const statuses = await readStatuses(deps);
  const known = new Set(statuses.map((status) => sourceId(status.source.key, status.source.etag)));

  for (const status of statuses) {
    if (isTerminal(status.stage)) continue;
    try {
      await recoverOne(status, deps, report);
    } catch (error) {
      deps.log.error('could not recover a job', { id: status.jobId, error });
    }
  }

  for (const manifest of await deps.listManifests()) {
    if (known.has(sourceId(manifest.key, manifest.etag))) continue;
    report.ingested.push(manifest.key);
    deps.log.info('found a job.json that was never ingested', { key: manifest.key });
    try {
      await deps.ingest(manifest.key);
    } catch (error) {
      deps.log.error('could not ingest a job.json', { key: manifest.key, error });
    }
  }
  return report;
}

async function recoverOne(status: JobStatus, deps: RecoveryDeps, report: RecoveryReport): Promise<void> {
  const { jobId } = status;
  const fail = async (reason: string, publish: boolean): Promise<void> => {
    const error: JobError = { name: JOB_NOT_RESUMABLE, message: reason, stage: status.stage };
    const ref: JobRef = status.tenant ? { name: status.name, tenant: status.tenant } : { name: status.name };
    if (publish) await deps.jobs.writeErrorRecord(ref, jobId, error);
    await deps.jobs.transition(jobId, 'failed', { error });
    report.failed.push({ jobId, reason });
    logJob(deps.log, 'failed', ref, jobId, { stage: status.stage, error: `${JOB_NOT_RESUMABLE}: ${reason}` });
  };

  const manifest = await deps.jobs.objects.head(status.source.key);
  if (!manifest)
    return fail(`not resumed after a restart: its job.json was deleted (${status.source.key})`, true);
  if (normalizeEtag(manifest.etag) !== normalizeEtag(status.source.etag))
    return fail(
      `not resumed after a restart: ${status.source.key} was replaced; the new version runs as its own job`,
      false,
    );

  const record = await deps.records.read(jobId);
  const maxRuns = deps.maxRuns ?? RECOVERY_DEFAULTS.maxRuns;
  if (record) {
    if (record.runs >= maxRuns)
      return fail(
        `not resumed after a restart: the job was interrupted ${record.runs} times (at most ${maxRuns} runs)`,
        true,
      );
    if (status.stage === 'queued')
      await deps.jobs.transition(jobId, 'thinking', { executionId: record.executionId });
    await deps.resume(record);
    report.resumed.push(jobId);
    return;
  }
  if (status.stage !== 'queued')
    return fail('not resumed after a restart: its execution record is missing', true);

  const { results } = await deps.ingest(status.source.key);
  const outcome = results[0];
  if (outcome && 'jobId' in outcome && outcome.jobId === jobId && outcome.outcome === 'started') {
    report.resumed.push(jobId);
    return;
  }
  const detail =
    outcome?.outcome === 'rejected'
      ? `ingest refuses it now (${outcome.error.name}: ${outcome.error.message})`
      : outcome && 'jobId' in outcome
        ? `its media changed; they run as job ${outcome.jobId}`
        : `ingest skipped it${outcome?.outcome === 'skipped' ? ` (${outcome.reason})` : ''}`;
  return fail(`not resumed after a restart: ${detail}`, false);
}

async function readStatuses(deps: RecoveryDeps): Promise<JobStatus[]> {
  const jobIds = (await deps.jobs.objects.list(JOB_LAYOUT.jobs))
    .map((key) => STATUS_KEY.exec(key)?.[1])
    .filter((id): id is string => id !== undefined);
  const statuses: JobStatus[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobIds.length) {
      const jobId = jobIds[next++]!;
      try {
        const found = await deps.jobs.readStatus(jobId);
        if (found) statuses.push(found.status);
      } catch (error) {
        deps.log.warn('unreadable status record: skipped', { id: jobId, error });
      }
    }
  };
  await Promise.all(Array.from({ length: RECOVERY_DEFAULTS.concurrency }, worker));
  return statuses.sort((a, b) => a.updatedAt.localeCompare(b.updatedAt));
}

/** Every `[tenants/<t>/]incoming/**\/job.json` of the bucket, with ETags (one listing per root). */
export async function listManifestObjects(client: S3Client, bucket: string): Promise<ManifestObject[]> {
  const found: ManifestObject[] = [];
  for (const prefix of [JOB_LAYOUT.incoming, JOB_LAYOUT.tenants]) {
    let token: string | undefined;
    do {
      const page = await client.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
      );
      for (const item of page.Contents ?? [])
        if (item.Key && isManifestKey(item.Key)) found.push({ key: item.Key, etag: item.ETag ?? '' });
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }
  return found;
}
