/**
 * Fault: storage is unavailable just when a failed job's failure must be recorded.
 *
 * Every draw of the job crashes inside the sampler (`SamplerFaultError`, retried once), so the
 * job takes the Catch path to RecordFailure. On the last draw the test turns the failure records
 * away at the S3 proxy the stack's clients use: PUTs of `jobs/<id>/status.json` and
 * `outgoing/<name>/error.json`.
 *
 * - An outage (503) longer than RecordFailure's old budget (1 + 6 runs): its Retry outlasts it,
 *   the status says `failed` with the reason as soon as its PUT gets through (before error.json),
 *   and error.json follows; nothing else is written.
 * - A refusal that waiting cannot cure (403): the execution ends in `FailureNotRecordedError`,
 *   the job's error in the log; nothing is half-written; once storage is back, the next start
 *   resumes the job and its failure is recorded.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunDraw } from '../../../containers/gpu-sampler/src/server/draw-runner.js';
import { JobErrorRecordSchema } from '../../../core/jobs/job-error-record.js';
import { waitFor } from '../../local/stack/stack-fixtures.js';
import {
  dropTinyJob,
  expectInputsUntouched,
  type FaultStack,
  filesUnder,
  finalStatusOf,
  freePort,
  retriesOf,
  startFaultStack,
  statusOf,
} from './fault-fixtures.js';
import { type S3FaultProxy, type S3FaultRule, startS3FaultProxy } from './s3-fault-proxy.js';

/** The SDK's attempts per S3 call (its default retry strategy). */
const SDK_ATTEMPTS = 3;

/** RecordFailure runs that meet the outage: more than the old Retry allowed (1 + 6). */
const OUTAGE_RUNS = 8;

/** Every draw crashes at once (the sampler answers 500, as in sampler-crash.test.ts). */
class SimulatedCrash extends Error {
  constructor() {
    super('native code crashed (simulated)');
    this.name = 'SimulatedCrash';
  }
}

describe('fault: the failure record cannot be written for a while', () => {
  let dataDir: string;
  let s3Port: number;
  let proxy: S3FaultProxy;
  let fault: FaultStack | undefined;
  let draws = 0;
  /** Fault rules armed when the job's last draw crashes (its status already says drawing). */
  let outage: () => readonly S3FaultRule[] = () => [];

  const runDraw: RunDraw = async () => {
    draws += 1;
    if (draws === 2) proxy.setFaults(outage());
    throw new SimulatedCrash();
  };

  const start = () => startFaultStack(dataDir, { s3Port, s3ClientEndpoint: proxy.url, sampler: { runDraw } });

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'tbd-fault-record-'));
    s3Port = await freePort();
    proxy = await startS3FaultProxy({ host: '127.0.0.1', port: s3Port });
    fault = await start();
  });

  afterEach(() => {
    proxy.setFaults([]);
    draws = 0;
  });

  afterAll(async () => {
    await fault?.close();
    await proxy?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('outlasts a storage outage: failed with the reason, status first, then error.json alone', async () => {
    // Prepare: 8 runs cannot write the status, the 9th writes it but not error.json
    const status = /^jobs\/outage-[^/]+\/status\.json$/;
    const error = /^outgoing\/outage\/error\.json$/;
    outage = () => [
      { method: 'PUT', key: status, times: OUTAGE_RUNS * SDK_ATTEMPTS },
      { method: 'PUT', key: error, times: SDK_ATTEMPTS },
    ];

    // Act
    const job = await dropTinyJob(fault!.s3, 'outage');
    const final = await finalStatusOf(fault!, 'outage');

    // Assess: RecordFailure ran 1 + 9 times (its Retry), then recorded the crash
    expect(draws).toBe(2);
    expect(retriesOf(fault!.log, final.jobId).map((r) => r.state)).toEqual([
      'Draw',
      ...Array<string>(OUTAGE_RUNS + 1).fill('RecordFailure'),
    ]);
    const reason = /^the sampler failed \(HTTP 500\): internal error \(SimulatedCrash\) in job outage-/;
    expect(final).toMatchObject({
      stage: 'failed',
      error: { name: 'SamplerFaultError', message: expect.stringMatching(reason), stage: 'drawing' },
    });
    const record = JobErrorRecordSchema.parse(await fault!.s3.json('outgoing/outage/error.json'));
    expect(record.error).toEqual(final.error);
    // the status became final before error.json could be written
    const firstStored = proxy.requests.findIndex(
      (r) => r.method === 'PUT' && status.test(r.key) && !r.injected,
    );
    const firstErrorPut = proxy.requests.findIndex((r) => r.method === 'PUT' && error.test(r.key));
    expect(firstStored).toBeGreaterThanOrEqual(0);
    expect(firstStored).toBeLessThan(firstErrorPut);
    expect(proxy.count('PUT', error, (r) => !r.injected && r.status === 200)).toBe(1);
    // nothing else was written: error.json alone, no draw outputs, inputs untouched
    expect(await filesUnder(fault!.s3, 'outgoing/outage/')).toEqual(['error.json']);
    expect(await filesUnder(fault!.s3, `jobs/${final.jobId}/draw/`)).toEqual([]);
    expect(fault!.log.lines.some((line) => line.includes('recorded=false'))).toBe(false);
    await expectInputsUntouched(fault!.s3, job);
  }, 60_000);

  it('ends in FailureNotRecordedError when the record is refused, keeps the error, and records it once storage is back', async () => {
    // Prepare: storage refuses the records (403: not transient, RecordFailure is not retried)
    const denied = { status: 403, code: 'AccessDenied', times: 1000 } as const;
    outage = () => [
      { method: 'PUT', key: /^jobs\/refused-[^/]+\/status\.json$/, ...denied },
      { method: 'PUT', key: /^outgoing\/refused\//, ...denied },
    ];

    // Act
    const job = await dropTinyJob(fault!.s3, 'refused');
    const line = await waitFor(
      'the execution of job refused to end',
      async () => fault!.log.lines.find((l) => l.includes('job failed') && l.includes('name=refused')),
      30_000,
      100,
    );
    await fault!.stack.idle();

    // Assess: a named end that says what failed and why it is not recorded
    expect(line).toContain('recorded=false');
    expect(line).toMatch(/error="SamplerFaultError: the sampler failed \(HTTP 500\)/);
    expect(line).toMatch(
      /recordError="StorageError: PutObject jobs\/refused-[^/]+\/status\.json failed: AccessDenied/,
    );
    expect(retriesOf(fault!.log, (await statusOf(fault!.s3, 'refused'))!.jobId).map((r) => r.state)).toEqual([
      'Draw',
    ]);
    // the status is stale (no write got through), and nothing is half-written
    const stale = (await statusOf(fault!.s3, 'refused'))!;
    expect(stale.stage).toBe('drawing');
    expect(await filesUnder(fault!.s3, 'outgoing/refused/')).toEqual([]);
    expect(await filesUnder(fault!.s3, `jobs/${stale.jobId}/draw/`)).toEqual([]);
    await expectInputsUntouched(fault!.s3, job);

    // Act: storage is back; the stack restarts and resumes the job, which fails the same way
    proxy.setFaults([]);
    outage = () => [];
    draws = 0;
    await fault!.close();
    fault = await start();
    const final = await finalStatusOf(fault, 'refused', 30_000);

    // Assess: the user now sees it failed, with the reason; error.json alone
    expect(final).toMatchObject({
      jobId: stale.jobId,
      stage: 'failed',
      error: { name: 'SamplerFaultError' },
    });
    const record = JobErrorRecordSchema.parse(await fault.s3.json('outgoing/refused/error.json'));
    expect(record.error).toEqual(final.error);
    expect(await filesUnder(fault.s3, 'outgoing/refused/')).toEqual(['error.json']);
    await expectInputsUntouched(fault.s3, job);
  }, 60_000);
});
