/**
 * What a load run (load-run.ts) must show, whatever the machine's speed: every submission
 * accepted, no 5xx, no job lost (each one visible through GET /v1/jobs/{id} and the list, and
 * either succeeded or still queued or running where the stack can be seen to hold it), none
 * duplicated (one execution, one run, one status record, one execution record, one output folder
 * and one usage record per job; re-starts and rewritten job.json objects start nothing).
 */
import { expect } from 'vitest';
import type { LoadRun } from './load-run.js';

const OUTPUTS = ['plan.json', 'preview.png', 'result.json', 'video.mp4'];
const UNFINISHED = ['queued', 'thinking', 'drawing', 'publishing'];

function counts<T>(values: readonly T[]): Map<T, number> {
  const out = new Map<T, number>();
  for (const value of values) out.set(value, (out.get(value) ?? 0) + 1);
  return out;
}

function repeated<T>(values: readonly T[]): T[] {
  return [...counts(values)].filter(([, n]) => n > 1).map(([value]) => value);
}

export function expectAccepted(run: LoadRun): void {
  const refused = run.submissions
    .filter((s) => s.errors.length > 0 || s.jobId === undefined || s.at.started === undefined)
    .map((s) => ({ index: s.index, statuses: s.statuses, errors: s.errors }));
  expect(refused, 'submissions not accepted').toEqual([]);
  expect(run.jobs).toHaveLength(run.settings.jobs);
  expect(
    run.restartStatuses.filter((status) => status !== 202),
    're-starts not answered 202',
  ).toEqual([]);
  const serverErrors = Object.entries(run.http).filter(([label]) => / (5\d\d|network-error)$/.test(label));
  expect(serverErrors, 'API answers 5xx or no answer').toEqual([]);
}

export function expectNoneLost(run: LoadRun): void {
  const ids = run.jobs.map((job) => job.apiId);
  // GET /v1/jobs/{id}: every job, each succeeded or still on its way (never failed, never 'created').
  const stages = run.jobs.map((job) => ({
    id: job.apiId,
    http: job.viewStatus,
    stage: job.view?.stage,
    error: job.status?.error,
  }));
  expect(
    stages.filter((job) => job.http !== 200 || !['succeeded', ...UNFINISHED].includes(job.stage ?? '')),
    'jobs neither succeeded nor queued or running',
  ).toEqual([]);
  // The list endpoint, page by page: each job exactly once, nothing else.
  expect(run.listed.status.every((status) => status === 200)).toBe(true);
  expect(repeated(run.listed.ids), 'jobs listed twice').toEqual([]);
  expect([...run.listed.ids].sort()).toEqual([...ids].sort());
  // Unfinished jobs are held by the stack: an execution waiting or running, or an event not yet ingested.
  expect(
    run.jobs.filter((job) => !job.record?.started).map((job) => job.apiId),
    'not started',
  ).toEqual([]);
  const held = run.jobs.filter((job) => job.view?.stage !== 'succeeded');
  const lost = held.filter(
    (job) => job.execution && !['waiting', 'running', 'succeeded'].includes(job.execution.state),
  );
  expect(
    lost.map((job) => [job.apiId, job.execution?.state]),
    'executions ended without success',
  ).toEqual([]);
  const withoutExecution = run.jobs.filter((job) => !job.execution).length;
  expect(withoutExecution, 'jobs neither executing nor pending as an event').toBeLessThanOrEqual(
    run.health.pendingEvents,
  );
  // The pipeline makes progress under load.
  expect(run.jobs.some((job) => job.view?.stage === 'succeeded')).toBe(true);
}

export function expectNoneDuplicated(run: LoadRun): void {
  const pipelineIds = run.jobs.map((job) => job.record?.started?.pipelineJobId ?? '');
  expect(repeated(pipelineIds), 'two API jobs with one pipeline id').toEqual([]);
  const known = new Set(pipelineIds);
  // One execution per job, run once, and none for anything else.
  const names = run.executions.map((execution) => execution.name);
  expect(
    names.filter((name) => !known.has(name)),
    'executions of no accepted job',
  ).toEqual([]);
  expect(repeated(names)).toEqual([]);
  expect(run.executions.filter((execution) => execution.runs !== 1).map((e) => [e.name, e.runs])).toEqual([]);
  // One status record and one execution record per job, under its pipeline id only.
  const idOf = (key: string) => key.split('/')[1] ?? '';
  expect(
    run.keys.status.map(idOf).filter((id) => !known.has(id)),
    'status records of no job',
  ).toEqual([]);
  expect(run.keys.executionRecords.map(idOf).sort()).toEqual([...names].sort());
  const withStatus = run.jobs.filter((job) => job.status).length;
  expect(run.keys.status).toHaveLength(withStatus);
  // Each job's log: every stage at most once; nothing resumed, nothing failed.
  for (const job of run.jobs) {
    const stages = job.log
      .map((line) => line.stage)
      .filter((stage) => stage !== 'duplicate' && stage !== 'retrying');
    expect(repeated(stages), `job ${job.apiId}: stages logged twice`).toEqual([]);
    expect(stages.filter((stage) => ['resumed', 'failed', 'interrupted'].includes(stage))).toEqual([]);
  }
  // Rewriting a job.json with the same bytes starts nothing (once its event was ingested).
  if (run.health.pendingEvents === 0)
    for (const apiId of run.resubmitted) {
      const job = run.jobs.find((candidate) => candidate.apiId === apiId);
      expect(
        job?.log.some((line) => line.stage === 'duplicate'),
        `resubmitted ${apiId}`,
      ).toBe(true);
    }
  // Outputs: one folder per job, the four files once a job succeeded, never an error.json.
  const apiIds = new Set(run.jobs.map((job) => job.apiId));
  const folders = run.keys.outgoing.map((key) => key.split('/')[3] ?? '');
  expect(
    folders.filter((folder) => !apiIds.has(folder)),
    'outputs of no job',
  ).toEqual([]);
  for (const job of run.jobs) {
    expect(OUTPUTS, `outputs of ${job.apiId}`).toEqual(expect.arrayContaining(job.outgoing));
    if (job.view?.stage === 'succeeded') {
      expect(job.outgoing).toEqual(OUTPUTS);
      expect(job.result?.jobId).toBe(job.record?.started?.pipelineJobId);
    }
  }
  // Metering: one usage record per published job, each counted once.
  const usageIds = run.keys.usage.map(
    (key) =>
      key
        .split('/')
        .at(-1)
        ?.replace(/\.json$/, '') ?? '',
  );
  expect(
    usageIds.filter((id) => !known.has(id)),
    'usage records of no job',
  ).toEqual([]);
  const succeeded = run.jobs.filter((job) => job.view?.stage === 'succeeded').length;
  const usage = run.usage;
  expect(usage?.jobs.created).toBe(run.settings.jobs);
  expect(usage?.jobs.succeeded).toBeGreaterThanOrEqual(succeeded);
  expect(usage?.jobs.succeeded).toBeLessThanOrEqual(usageIds.length);
  expect((usage?.videoSeconds ?? 0) / Math.max(1, usage?.jobs.succeeded ?? 0)).toBeCloseTo(
    run.inputs.audioSec,
    2,
  );
}

/** All three. */
export function expectLoadHeld(run: LoadRun): void {
  expectAccepted(run);
  expectNoneLost(run);
  expectNoneDuplicated(run);
}
