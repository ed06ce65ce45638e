/**
 * GET /v1/jobs (pages of the caller's jobs, newest first) and GET /v1/usage (the month's usage
 * records summed, and the jobs created in the month) over in-memory ports.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { ListJobsResponseSchema, UsageReportSchema } from '../../../core/contracts/api.js';
import type { JobResult } from '../../../core/jobs/job-result.js';
import { type ApiHarness, apiHarness, createBody, KEYS, START } from './fixtures.js';

beforeAll(() => {
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
});

async function createJobs(api: ApiHarness, count: number, from = START): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    api.setNow(new Date(from.getTime() + i * 60_000));
    const reply = await api.call('createJob', {
      method: 'POST',
      path: '/v1/jobs',
      body: createBody({ emotion: `emotion ${i}` }),
    });
    ids.push(reply.body.jobId);
  }
  return ids;
}

const list = (api: ApiHarness, query: Record<string, string>, apiKeyId: string = KEYS.acme) =>
  api.call('listJobs', { path: '/v1/jobs', query, apiKeyId });

function result(jobId: string, overrides: Partial<JobResult> = {}): JobResult {
  return {
    schemaVersion: 1,
    jobId,
    name: jobId,
    tenant: 'acme',
    files: { video: 'video.mp4', plan: 'plan.json', preview: 'preview.png' },
    video: { bytes: 1000, durationSec: 2.52, hasAudio: true },
    durationSec: 2.5,
    frames: 63,
    fps: 25,
    seed: 7,
    modelId: 'motion-prior@1',
    reasoner: 'facs',
    timings: { queueMs: 500, motionMs: 100, renderMs: 900, requestMs: 1750 },
    publishedAt: START.toISOString(),
    ...overrides,
  };
}

describe('GET /v1/jobs', () => {
  it("pages through the caller's jobs, newest first", async () => {
    // Prepare
    const api = apiHarness();
    const ids = await createJobs(api, 3);

    // Act
    const first = ListJobsResponseSchema.parse((await list(api, { limit: '2' })).body);
    const second = ListJobsResponseSchema.parse(
      (await list(api, { limit: '2', cursor: first.nextCursor! })).body,
    );
    const all = ListJobsResponseSchema.parse((await list(api, {})).body);

    // Assess
    expect(first.jobs.map((job) => job.jobId)).toEqual([ids[2], ids[1]]);
    expect(first.jobs[0]).toMatchObject({ stage: 'created', emotion: 'emotion 2' });
    expect(second.jobs.map((job) => job.jobId)).toEqual([ids[0]]);
    expect(second.nextCursor).toBeUndefined();
    expect(all.jobs).toHaveLength(3);
  });

  it("shows no tenant another's jobs", async () => {
    // Prepare
    const api = apiHarness();
    await createJobs(api, 2);

    // Act
    const reply = await list(api, {}, KEYS.globex);

    // Assess
    expect(reply.body).toEqual({ jobs: [] });
  });

  it('refuses a bad limit or a cursor it did not issue, naming the parameter', async () => {
    // Prepare
    const api = apiHarness();

    // Act
    const limit = await list(api, { limit: '500' });
    const cursor = await list(api, { cursor: 'bm90LWEtY3Vyc29y' });

    // Assess
    expect(limit.status).toBe(400);
    expect(limit.body.error).toMatchObject({ name: 'RequestValidationError', field: 'limit' });
    expect(cursor.status).toBe(400);
    expect(cursor.body.error).toMatchObject({ field: 'cursor' });
  });
});

describe('GET /v1/usage', () => {
  it("sums the month's usage records of the caller and counts the jobs it created", async () => {
    // Prepare
    const api = apiHarness();
    await createJobs(api, 2, new Date('2026-02-28T23:59:00.000Z')); // one in February, one in March
    await createJobs(api, 1);
    const { usage } = api.deps;
    await usage.record(result('a-1'), new Date('2026-03-02T10:00:00.000Z'));
    await usage.record(
      result('a-2', { durationSec: 1.25, frames: 31 }),
      new Date('2026-03-31T23:59:59.000Z'),
    );
    await usage.record(
      result('a-2', { durationSec: 1.25, frames: 31 }),
      new Date('2026-03-31T23:59:59.000Z'),
    );
    await usage.record(result('a-3'), new Date('2026-04-01T00:00:00.000Z'));
    await usage.record(result('g-1', { tenant: 'globex' }), new Date('2026-03-05T00:00:00.000Z'));
    await usage.record(result('root', { tenant: undefined }), new Date('2026-03-05T00:00:00.000Z'));
    api.setNow(new Date('2026-03-20T00:00:00.000Z'));

    // Act
    const march = UsageReportSchema.parse((await api.call('getUsage', { path: '/v1/usage' })).body);
    const april = UsageReportSchema.parse(
      (await api.call('getUsage', { path: '/v1/usage', query: { period: '2026-04' } })).body,
    );

    // Assess
    expect(march).toEqual({
      period: '2026-03',
      from: '2026-03-01T00:00:00.000Z',
      to: '2026-04-01T00:00:00.000Z',
      videoSeconds: 3.75,
      frames: 94,
      samplerSeconds: 2.5,
      jobs: { created: 2, succeeded: 2 },
    });
    expect(april).toMatchObject({ period: '2026-04', videoSeconds: 2.5, jobs: { created: 0, succeeded: 1 } });
    expect(api.objects.keys().filter((key) => key.includes('/usage/'))).toEqual([
      'tenants/acme/usage/2026-03/a-1.json',
      'tenants/acme/usage/2026-03/a-2.json',
      'tenants/acme/usage/2026-04/a-3.json',
      'tenants/globex/usage/2026-03/g-1.json',
    ]);
  });

  it('refuses a period that is not yyyy-mm', async () => {
    // Act
    const reply = await apiHarness().call('getUsage', { path: '/v1/usage', query: { period: '2026-13' } });

    // Assess
    expect(reply.status).toBe(400);
    expect(reply.body.error).toMatchObject({ field: 'period' });
  });
});
