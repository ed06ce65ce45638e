/**
 * The load test's body, shared by `npm run test:load` (N = 100) and `npm test` (a small N):
 *
 *   1. a real local stack on free loopback ports, the /v1 API mounted (what `tbd serve` runs),
 *      its defaults (one execution at a time), the real pipeline, one tenant key
 *   2. N clients at once, each: POST /v1/jobs -> both presigned POSTs (in parallel) -> POST
 *      /v1/jobs/{id}/start twice at the same time (a double click)
 *   3. resubmissions: every job started once more, and a few job.json objects written again with
 *      the same bytes (a file-drop resubmission)
 *   4. polling GET /v1/jobs (all pages) until every job is succeeded or failed, or `drainMs` after
 *      the last submission was accepted (later only while no job has succeeded yet, at most
 *      `firstSuccessGraceMs` later: the checks want the pipeline seen making progress)
 *   5. one snapshot of what the product says about each job: /healthz first, then the starter's
 *      executions (so a job missing from them was still an event waiting at the health probe),
 *      the API's record and GET /v1/jobs/{id}, the status record, the outputs, result.json, the
 *      stack's `job <stage>` log lines, the list endpoint page by page, the usage report
 *
 * It asserts nothing: load-checks.ts judges the snapshot, load-report.ts turns it into figures.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectsCommand } from '@aws-sdk/client-s3';
import {
  CreateJobResponseSchema,
  type JobView,
  JobViewSchema,
  type UsageReport,
  UsageReportSchema,
} from '../../core/contracts/api.js';
import { type ApiJobRecord, ApiJobRecordSchema, apiJobKey } from '../../core/contracts/api-job-record.js';
import { type JobStatus, JobStatusSchema } from '../../core/contracts/job-status.js';
import { type JobResult, JobResultSchema } from '../../core/jobs/job-result.js';
import { mountApi } from '../../local/api/mount-api.js';
import { type LocalStack, startLocalStack } from '../../local/stack/local-stack.js';
import type { ExecutionInfo } from '../../local/stack/local-starter.js';
import { memoryStackLog, type StackClient, stackClient, waitFor } from '../local/stack/stack-fixtures.js';
import { ApiClient } from './load-client.js';
import { type LoadInputs, loadInputs } from './load-inputs.js';

export const LOAD_DEFAULTS = {
  /** @default 'load' */
  tenant: 'load',
  /** @default a fixed key of the run's own api-keys.json */
  key: 'tbd_load-test-key-0123456789abcdef0123',
  /** Job options: tiny video, few steps (seed = the job's index). */
  options: { size: 128, steps: 4, fps: 25 },
  /** @default 256 */
  portraitPx: 256,
  /** @default 1 */
  audioSec: 1,
  /** Pause between two polls of the list endpoint. @default 1000 */
  pollMs: 1000,
  /** Jobs whose job.json is written again with the same bytes. @default 3 */
  resubmit: 3,
  /** How long past the bound polling waits for a first success, if none came yet. @default 60000 */
  firstSuccessGraceMs: 60_000,
} as const;

export interface LoadSettings {
  readonly jobs: number;
  /** How long after the last accepted submission jobs may run before the snapshot. */
  readonly drainMs: number;
  /** @default LOAD_DEFAULTS.resubmit */
  readonly resubmit?: number;
}

export interface Submission {
  readonly index: number;
  jobId?: string;
  readonly statuses: { create?: number; uploads: number[]; starts: number[] };
  readonly errors: string[];
  /** Epoch ms: request sent, create answered, both uploads answered, both starts answered. */
  readonly at: { sent: number; created?: number; uploaded?: number; started?: number };
}

export interface JobSnapshot {
  readonly apiId: string;
  readonly record: ApiJobRecord | undefined;
  readonly viewStatus: number;
  readonly view: JobView | undefined;
  readonly status: JobStatus | undefined;
  readonly execution: ExecutionInfo | undefined;
  /** Files under tenants/<tenant>/outgoing/<apiId>/. */
  readonly outgoing: string[];
  readonly result: JobResult | undefined;
  /** The stack's `job <stage>` lines of the pipeline job id, in order. */
  readonly log: { stage: string; at: number }[];
}

export interface LoadRun {
  readonly settings: Required<LoadSettings>;
  readonly inputs: { portraitPx: number; portraitBytes: number; audioSec: number; audioBytes: number };
  readonly options: Record<string, number>;
  readonly machine: {
    cpu: string;
    cores: number;
    node: string;
    loadAvgStart: number[];
    loadAvgEnd: number[];
  };
  /** Epoch ms. */
  readonly at: { stackReady: number; firstSent: number; lastAccepted: number; snapshot: number };
  readonly stackStartMs: number;
  readonly submissions: Submission[];
  /** Statuses of the later re-starts; api ids whose job.json was written again. */
  readonly restartStatuses: number[];
  readonly resubmitted: string[];
  readonly polls: number;
  /** `<route> <status>` -> count, every API call of the run. */
  readonly http: Record<string, number>;
  readonly health: { waiting: number; running: number; pendingEvents: number };
  readonly executions: ExecutionInfo[];
  readonly listed: { ids: string[]; pages: number; status: number[] };
  readonly jobs: JobSnapshot[];
  readonly keys: {
    status: string[];
    executionRecords: string[];
    outgoing: string[];
    usage: string[];
    /** Objects in the bucket at the snapshot. */
    total: number;
  };
  readonly usage: UsageReport | undefined;
  readonly logLines: string[];
}

const TERMINAL = new Set(['succeeded', 'failed']);
const JOB_LINE = /^(\S+) (?:INFO|WARN|ERROR) +job ([a-z]+)\b.* id=(\S+)/;

/** Runs the load against a fresh stack in a temp data dir, and stops it (grace 0) afterwards. */
export async function runLoad(settings: LoadSettings): Promise<LoadRun> {
  const full = { resubmit: LOAD_DEFAULTS.resubmit, ...settings };
  const inputs = await loadInputs(LOAD_DEFAULTS.portraitPx, LOAD_DEFAULTS.audioSec);
  const dataDir = await mkdtemp(join(tmpdir(), 'tbd-load-'));
  const { tenant, key } = LOAD_DEFAULTS;
  await writeFile(
    join(dataDir, 'api-keys.json'),
    JSON.stringify({ keys: [{ id: `${tenant}-1`, tenant, key }] }),
  );
  const log = memoryStackLog();
  const loadAvgStart = roundAll(loadavg());
  const begun = Date.now();
  const stack = await startLocalStack({ dataDir, s3Port: 0, apiPort: 0, samplerPort: 0, api: mountApi, log });
  const s3 = stackClient(stack.s3Endpoint, stack.bucket);
  try {
    await stack.samplerReady;
    const stackReady = Date.now();
    const client = new ApiClient(stack.apiUrl, key);

    const firstSent = Date.now();
    const submissions = await Promise.all(
      Array.from({ length: full.jobs }, (_, index) => submit(client, inputs, index)),
    );
    const accepted = submissions.filter((s) => s.jobId !== undefined && s.at.started !== undefined);
    const lastAccepted = Math.max(firstSent, ...accepted.map((s) => s.at.started!));
    const ids = accepted.map((s) => s.jobId!);

    const restartStatuses = await Promise.all(ids.map(async (id) => (await client.start(id)).status));
    const resubmitted = ids.slice(0, full.resubmit);
    for (const id of resubmitted) {
      const manifest = `tenants/${tenant}/incoming/${id}/job.json`;
      const bytes = await s3.get(manifest);
      if (bytes) await s3.put(manifest, bytes, 'application/json');
    }

    const deadline = lastAccepted + full.drainMs;
    let polls = 0;
    for (;;) {
      polls += 1;
      const stages = [...(await client.stages()).values()];
      if (stages.length === ids.length && stages.every((stage) => TERMINAL.has(stage))) break;
      // Past the bound, polling goes on only until a first job succeeded (slow, busy machines).
      const late = Date.now() + LOAD_DEFAULTS.pollMs > deadline;
      if (late && (stages.includes('succeeded') || Date.now() > deadline + LOAD_DEFAULTS.firstSuccessGraceMs))
        break;
      await new Promise((resolve) => setTimeout(resolve, LOAD_DEFAULTS.pollMs));
    }
    // Let the events still queued (the resubmissions' are last) reach ingest, within the bound.
    await waitFor(
      'the job.json events to be ingested',
      async () => ((await client.health()).events.pending === 0 ? true : undefined),
      Math.max(5_000, deadline - Date.now()),
    ).catch(() => undefined);

    const snapshot = await takeSnapshot(stack, s3, client, ids, log.lines);
    return {
      settings: full,
      inputs: {
        portraitPx: inputs.portraitPx,
        portraitBytes: inputs.portrait.length,
        audioSec: inputs.audioSec,
        audioBytes: inputs.audio.length,
      },
      options: { ...LOAD_DEFAULTS.options },
      machine: {
        cpu: cpus()[0]?.model ?? 'unknown',
        cores: cpus().length,
        node: process.version,
        loadAvgStart,
        loadAvgEnd: roundAll(loadavg()),
      },
      at: { stackReady, firstSent, lastAccepted, snapshot: snapshot.at },
      stackStartMs: stackReady - begun,
      submissions,
      restartStatuses,
      resubmitted,
      polls,
      http: Object.fromEntries([...client.tally].sort()),
      ...snapshot.parts,
      logLines: [...log.lines],
    };
  } finally {
    s3.destroy();
    await stack.stop({ graceMs: 0 });
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** One client's submission; failures are recorded, never thrown. */
async function submit(client: ApiClient, inputs: LoadInputs, index: number): Promise<Submission> {
  const submission: Submission = {
    index,
    statuses: { uploads: [], starts: [] },
    errors: [],
    at: { sent: Date.now() },
  };
  try {
    const created = await client.post('/v1/jobs', {
      emotion: index % 2 === 0 ? 'surprised at first, then delighted' : 'quietly hurt, then relieved',
      options: { ...LOAD_DEFAULTS.options, seed: index },
      portrait: { contentType: 'image/png', size: inputs.portrait.length },
      audio: { contentType: 'audio/wav', size: inputs.audio.length },
    });
    submission.statuses.create = created.status;
    submission.at.created = Date.now();
    if (created.status !== 201) throw new Error(`create answered ${created.status}: ${await created.text()}`);
    const job = CreateJobResponseSchema.parse(await created.json());
    submission.jobId = job.jobId;

    const uploads = await Promise.all([
      client.upload(job.uploads.portrait, inputs.portrait, 'portrait.png'),
      client.upload(job.uploads.audio, inputs.audio, 'speech.wav'),
    ]);
    submission.statuses.uploads.push(...uploads.map((reply) => reply.status));
    submission.at.uploaded = Date.now();
    if (uploads.some((reply) => reply.status !== 204)) throw new Error('an upload was refused');

    const starts = await Promise.all([client.start(job.jobId), client.start(job.jobId)]);
    submission.statuses.starts.push(...starts.map((reply) => reply.status));
    if (starts.some((reply) => reply.status !== 202)) throw new Error('a start was refused');
    submission.at.started = Date.now();
  } catch (error) {
    submission.errors.push(error instanceof Error ? error.message : String(error));
  }
  return submission;
}

async function takeSnapshot(
  stack: LocalStack,
  s3: StackClient,
  client: ApiClient,
  ids: readonly string[],
  logLines: readonly string[],
) {
  const { tenant } = LOAD_DEFAULTS;
  // Health before executions: a job without an execution then was an event pending at the probe.
  const health = await client.health();
  const executions = stack.executions();
  const at = Date.now();

  const jobs: JobSnapshot[] = [];
  for (const apiId of ids) {
    const record = ApiJobRecordSchema.safeParse(await s3.json(apiJobKey(tenant, apiId))).data;
    const reply = await client.get(`/v1/jobs/${apiId}`);
    const view = reply.status === 200 ? JobViewSchema.parse(await reply.json()) : undefined;
    const pipelineId = record?.started?.pipelineJobId;
    const status = pipelineId ? await readStatus(s3, pipelineId) : undefined;
    const outgoingPrefix = `tenants/${tenant}/outgoing/${apiId}/`;
    const outgoing = (await listAll(s3, stack.bucket, outgoingPrefix)).map((k) =>
      k.slice(outgoingPrefix.length),
    );
    const result = outgoing.includes('result.json')
      ? JobResultSchema.parse(await s3.json(`${outgoingPrefix}result.json`))
      : undefined;
    jobs.push({
      apiId,
      record,
      viewStatus: reply.status,
      view,
      status,
      execution: executions.find((execution) => execution.name === pipelineId),
      outgoing,
      result,
      log: [],
    });
  }
  // The log as it is after every read, so it covers every stage the reads saw (jobs move on meanwhile).
  const lines = [...logLines];
  for (const job of jobs) {
    const pipelineId = job.record?.started?.pipelineJobId;
    if (pipelineId) job.log.push(...jobLines(lines, pipelineId));
  }
  const listed = await client.listAll();
  const usageReply = await client.get('/v1/usage');
  const usage = usageReply.status === 200 ? UsageReportSchema.parse(await usageReply.json()) : undefined;
  const workKeys = await listAll(s3, stack.bucket, 'jobs/');
  return {
    at,
    parts: {
      health: {
        waiting: health.jobs.waiting,
        running: health.jobs.running,
        pendingEvents: health.events.pending,
      },
      executions,
      listed,
      jobs,
      keys: {
        status: workKeys.filter((k) => k.endsWith('/status.json')),
        executionRecords: workKeys.filter((k) => k.endsWith('/local-execution.json')),
        outgoing: await listAll(s3, stack.bucket, `tenants/${tenant}/outgoing/`),
        usage: await listAll(s3, stack.bucket, `tenants/${tenant}/usage/`),
        total: (await listAll(s3, stack.bucket, '')).length,
      },
      usage,
    },
  };
}

function jobLines(lines: readonly string[], id: string): { stage: string; at: number }[] {
  const out: { stage: string; at: number }[] = [];
  for (const line of lines) {
    const match = JOB_LINE.exec(line);
    if (match && match[3] === id) out.push({ stage: match[2]!, at: Date.parse(match[1]!) });
  }
  return out;
}

/** A status record; read again when s3rver serves one half-written. */
async function readStatus(s3: StackClient, jobId: string): Promise<JobStatus | undefined> {
  for (let attempt = 1; ; attempt++) {
    try {
      const value = await s3.json(`jobs/${jobId}/status.json`);
      return value === undefined ? undefined : JobStatusSchema.parse(value);
    } catch (error) {
      if (attempt >= 3) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** Every key under the prefix, by ListObjects V1 markers (s3rver fails truncated V2 pages: marker-key-pager.ts). */
async function listAll(s3: StackClient, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let marker: string | undefined;
  do {
    const page = await s3.client.send(
      new ListObjectsCommand({ Bucket: bucket, Prefix: prefix, Marker: marker }),
    );
    keys.push(...(page.Contents ?? []).map((item) => item.Key ?? ''));
    marker = page.IsTruncated ? keys.at(-1) : undefined;
  } while (marker);
  return keys.sort();
}

function roundAll(values: number[]): number[] {
  return values.map((value) => Math.round(value * 100) / 100);
}
