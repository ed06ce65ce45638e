/** The restart rules of recover-jobs.ts, case by case, over an in-memory store. */
import { describe, expect, it } from 'vitest';
import type { JobStage } from '../../../core/contracts/job-status.js';
import { newJobStatus } from '../../../core/jobs/status-transitions.js';
import type { IngestResult } from '../../../functions/ingest/ingest-handler.js';
import { JobStore } from '../../../functions/shared/job-store.js';
import { MemoryObjectStore } from '../../../functions/shared/memory-object-store.js';
import { JOB_NOT_RESUMABLE } from '../../../local/stack/errors.js';
import { type ExecutionRecord, ExecutionRecords } from '../../../local/stack/execution-record.js';
import { isManifestKey } from '../../../local/stack/manifest-events.js';
import { recoverJobs } from '../../../local/stack/recover-jobs.js';
import { memoryStackLog } from './stack-fixtures.js';

const STAGES: readonly JobStage[] = ['thinking', 'drawing', 'publishing'];

async function world() {
  const objects = new MemoryObjectStore('tbd');
  const jobs = new JobStore(objects);
  const records = new ExecutionRecords(objects);
  const resumed: ExecutionRecord[] = [];
  const ingested: string[] = [];
  let ingestResult: (key: string) => IngestResult = (key) => ({
    results: [{ key, outcome: 'skipped', reason: 'test' }],
  });
  const log = memoryStackLog();

  /** A job whose job.json is in place, its status at `stage`, with or without an execution record. */
  async function job(name: string, stage: JobStage, options: { runs?: number; record?: boolean } = {}) {
    const key = `incoming/${name}/job.json`;
    const { etag } = await objects.put(key, `{"name":"${name}"}`);
    const jobId = `${name}-000000000000000000000001`;
    await jobs.createStatus(
      newJobStatus({ jobId, ref: { name }, source: { bucket: 'tbd', key, etag }, at: new Date() }),
    );
    for (const next of STAGES.slice(0, STAGES.indexOf(stage) + 1)) await jobs.transition(jobId, next);
    if (stage === 'succeeded' || stage === 'failed')
      await jobs.transition(jobId, stage, stage === 'failed' ? { error: { name: 'X', message: 'x' } } : {});
    if (options.record ?? true) {
      const now = new Date().toISOString();
      await records.write({
        schemaVersion: 1,
        name: jobId,
        executionId: `arn:local:${jobId}`,
        input: {
          jobId,
          job: { name },
          emotion: 'calm',
          portraitKey: `incoming/${name}/p.png`,
          audioKey: `incoming/${name}/a.wav`,
          thinkOptions: {},
          drawOptions: {},
        },
        runs: options.runs ?? 1,
        startedAt: now,
        updatedAt: now,
      });
    }
    return { jobId, key };
  }

  const recover = () =>
    recoverJobs({
      jobs,
      records,
      log,
      resume: async (record) => {
        resumed.push(record);
      },
      ingest: async (key) => {
        ingested.push(key);
        return ingestResult(key);
      },
      listManifests: async () => {
        const keys = (await objects.list('incoming/')).filter(isManifestKey);
        return Promise.all(keys.map(async (key) => ({ key, etag: (await objects.head(key))!.etag })));
      },
    });

  return {
    objects,
    jobs,
    resumed,
    ingested,
    job,
    recover,
    onIngest: (fn: (key: string) => IngestResult) => {
      ingestResult = fn;
    },
    stage: async (jobId: string) => (await jobs.readStatus(jobId))?.status,
  };
}

describe('recoverJobs', () => {
  it.each(STAGES)('resumes a job interrupted while %s, under the same id', async (stage) => {
    // Prepare
    const w = await world();
    const { jobId } = await w.job('clip', stage);

    // Act
    const report = await w.recover();

    // Assess
    expect(report).toEqual({ resumed: [jobId], failed: [], ingested: [] });
    expect(w.resumed.map((r) => r.name)).toEqual([jobId]);
    expect((await w.stage(jobId))?.stage).toBe(stage);
  });

  it('moves a queued job with an execution record to thinking before resuming it', async () => {
    const w = await world();
    const { jobId } = await w.job('clip', 'queued');

    await w.recover();

    expect(await w.stage(jobId)).toMatchObject({ stage: 'thinking', executionId: `arn:local:${jobId}` });
    expect(w.resumed).toHaveLength(1);
  });

  it('fails a job interrupted too often, with error.json', async () => {
    // Prepare
    const w = await world();
    const { jobId } = await w.job('clip', 'drawing', { runs: 3 });

    // Act
    const report = await w.recover();

    // Assess
    expect(w.resumed).toEqual([]);
    expect(report.failed).toEqual([{ jobId, reason: expect.stringMatching(/interrupted 3 times/) }]);
    expect(await w.stage(jobId)).toMatchObject({
      stage: 'failed',
      error: { name: JOB_NOT_RESUMABLE, stage: 'drawing' },
    });
    expect(w.objects.json('outgoing/clip/error.json')).toMatchObject({
      jobId,
      error: { name: JOB_NOT_RESUMABLE },
    });
  });

  it('fails a job whose job.json was deleted, with error.json', async () => {
    const w = await world();
    const { jobId, key } = await w.job('clip', 'thinking');
    await w.objects.delete(key);

    const report = await w.recover();

    expect(report.failed).toEqual([{ jobId, reason: expect.stringMatching(/job\.json was deleted/) }]);
    expect(w.objects.json('outgoing/clip/error.json')).toBeDefined();
    expect(w.resumed).toEqual([]);
  });

  it('fails a job whose job.json was replaced in its status only, and ingests the new version', async () => {
    // Prepare
    const w = await world();
    const { jobId, key } = await w.job('clip', 'drawing');
    await w.objects.put(key, '{"a new":"manifest"}');

    // Act
    const report = await w.recover();

    // Assess
    expect(report.failed).toEqual([{ jobId, reason: expect.stringMatching(/was replaced/) }]);
    expect((await w.stage(jobId))?.stage).toBe('failed');
    expect(w.objects.json('outgoing/clip/error.json')).toBeUndefined();
    expect(report.ingested).toEqual([key]);
    expect(w.ingested).toEqual([key]);
  });

  it('ingests a queued job without an execution record again: same id, it started', async () => {
    // Prepare
    const w = await world();
    const { jobId, key } = await w.job('clip', 'queued', { record: false });
    w.onIngest(() => ({ results: [{ key, outcome: 'started', jobId, executionId: 'arn' }] }));

    // Act
    const report = await w.recover();

    // Assess
    expect(w.ingested).toEqual([key]);
    expect(report).toEqual({ resumed: [jobId], failed: [], ingested: [] });
  });

  it('fails (status only) a queued job whose media changed: they became another job', async () => {
    const w = await world();
    const { jobId, key } = await w.job('clip', 'queued', { record: false });
    w.onIngest(() => ({ results: [{ key, outcome: 'started', jobId: 'clip-other', executionId: 'arn' }] }));

    const report = await w.recover();

    expect(report.failed).toEqual([{ jobId, reason: expect.stringMatching(/media changed; .* clip-other/) }]);
    expect(w.objects.json('outgoing/clip/error.json')).toBeUndefined();
  });

  it('fails a job past queued that has no execution record', async () => {
    const w = await world();
    const { jobId } = await w.job('clip', 'publishing', { record: false });

    const report = await w.recover();

    expect(report.failed).toEqual([{ jobId, reason: expect.stringMatching(/execution record is missing/) }]);
  });

  it('leaves finished jobs alone and ingests only manifests that no status names', async () => {
    // Prepare
    const w = await world();
    await w.job('done', 'succeeded');
    await w.job('broken', 'failed');
    await w.objects.put('incoming/never-seen/job.json', '{}');
    await w.objects.put('incoming/never-seen/portrait.png', 'png');

    // Act
    const report = await w.recover();

    // Assess
    expect(report).toEqual({ resumed: [], failed: [], ingested: ['incoming/never-seen/job.json'] });
    expect(w.resumed).toEqual([]);
  });
});
