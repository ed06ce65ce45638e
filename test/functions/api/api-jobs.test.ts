/**
 * POST /v1/jobs, POST /v1/jobs/{id}/start and GET /v1/jobs/{id} over in-memory ports, with the
 * real ingest handler reading what start wrote: the job id the API records is the one ingest
 * derives, whether ingest accepts the job or refuses it.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { ApiErrorBodySchema, CreateJobResponseSchema, JobViewSchema } from '../../../core/contracts/api.js';
import { ApiJobRecordSchema, apiJobKey } from '../../../core/contracts/api-job-record.js';
import { JobManifestSchema } from '../../../core/contracts/job-manifest.js';
import { createIngestHandler } from '../../../functions/ingest/ingest-handler.js';
import { JobStore } from '../../../functions/shared/job-store.js';
import { localLambdaContext } from '../../../functions/shared/local-invoke.js';
import { putJson } from '../../../functions/shared/object-store.js';
import { TransientError } from '../../../functions/shared/pipeline-errors.js';
import { validPlan } from '../../core/plan/fixtures.js';
import { FakeStarter, pngBytes, quiet, textBytes, wavBytes } from '../ingest/fixtures.js';
import { type ApiHarness, apiHarness, createBody, KEYS, START } from './fixtures.js';

beforeAll(() => {
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
});

async function createJob(api: ApiHarness, body = createBody()) {
  const created = await api.call('createJob', { method: 'POST', path: '/v1/jobs', body });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return CreateJobResponseSchema.parse(created.body);
}

async function upload(api: ApiHarness, jobId: string, portrait = pngBytes(), audio = wavBytes()) {
  await api.objects.put(`tenants/acme/incoming/${jobId}/portrait.png`, portrait);
  await api.objects.put(`tenants/acme/incoming/${jobId}/audio.wav`, audio);
}

const start = (api: ApiHarness, id: string, apiKeyId: string = KEYS.acme) =>
  api.call('startJob', {
    method: 'POST',
    path: `/v1/jobs/${id}/start`,
    pathParameters: { id },
    apiKeyId,
  });

const get = (api: ApiHarness, id: string, apiKeyId: string = KEYS.acme) =>
  api.call('getJob', { path: `/v1/jobs/${id}`, pathParameters: { id }, apiKeyId });

/** The ingest Lambda, run on the manifest start wrote (what the S3 notification does). */
async function ingest(api: ApiHarness, jobId: string, starter = new FakeStarter()) {
  const handler = createIngestHandler({
    jobs: new JobStore(api.objects),
    starter,
    ...quiet('ingest'),
  });
  const { results } = await handler(
    { key: `tenants/acme/incoming/${jobId}/job.json` },
    localLambdaContext('ingest'),
  );
  return results[0]!;
}

describe('POST /v1/jobs', () => {
  it('records the job and presigns one upload per medium under the tenant, at most the declared size', async () => {
    // Prepare
    const api = apiHarness();

    // Act
    const created = await createJob(
      api,
      createBody({
        portrait: { contentType: 'image/jpeg', size: 5000 },
        audio: { contentType: 'audio/mpeg', size: 90_000 },
      }),
    );

    // Assess
    expect(created.jobId).toMatch(/^[0-9a-z]{26}$/);
    expect(created.expiresAt).toBe(new Date(START.getTime() + 900_000).toISOString());
    expect(api.presigner.uploads).toEqual([
      {
        key: `tenants/acme/incoming/${created.jobId}/portrait.jpg`,
        contentType: 'image/jpeg',
        maxBytes: 5000,
        expiresInSec: 900,
      },
      {
        key: `tenants/acme/incoming/${created.jobId}/audio.mp3`,
        contentType: 'audio/mpeg',
        maxBytes: 90_000,
        expiresInSec: 900,
      },
    ]);
    expect(created.uploads.portrait.fields.key).toBe(`tenants/acme/incoming/${created.jobId}/portrait.jpg`);
    const record = ApiJobRecordSchema.parse(api.objects.json(apiJobKey('acme', created.jobId)));
    expect(record).toMatchObject({
      tenant: 'acme',
      createdAt: START.toISOString(),
      emotion: 'surprised at first, then delighted',
      options: { seed: 7, steps: 8, size: 256 },
      portrait: { contentType: 'image/jpeg', size: 5000, file: 'portrait.jpg' },
    });
    expect(record.started).toBeUndefined();
    expect(api.objects.keys().some((key) => key.endsWith('/job.json'))).toBe(false);
  });

  it('gives every job its own id, newer ids first in key order', async () => {
    // Prepare
    const api = apiHarness();

    // Act
    const first = await createJob(api);
    api.setNow(new Date(START.getTime() + 1));
    const second = await createJob(api);

    // Assess
    expect(second.jobId < first.jobId).toBe(true);
  });
});

describe('POST /v1/jobs/{id}/start', () => {
  it('refuses to start before the media are uploaded (409 naming the medium)', async () => {
    // Prepare
    const api = apiHarness();
    const { jobId } = await createJob(api);
    await api.objects.put(`tenants/acme/incoming/${jobId}/portrait.png`, pngBytes());

    // Act
    const reply = await start(api, jobId);

    // Assess
    expect(reply.status).toBe(409);
    expect(reply.body.error).toMatchObject({ name: 'UploadMissingError', field: 'audio', status: 409 });
    expect(api.objects.keys().some((key) => key.endsWith('/job.json'))).toBe(false);
  });

  it('refuses an upload larger than declared (413), whatever the S3 API let through', async () => {
    // Prepare
    const api = apiHarness();
    const { jobId } = await createJob(api);
    await upload(api, jobId, pngBytes(65));

    // Act
    const reply = await start(api, jobId);

    // Assess
    expect(reply.status).toBe(413);
    expect(reply.body.error).toMatchObject({ name: 'UploadTooLargeError', field: 'portrait' });
    expect(reply.body.error.message).toContain('65 bytes, more than the 64 bytes declared');
  });

  it('writes the manifest once and records the job id that ingest then derives', async () => {
    // Prepare
    const api = apiHarness();
    const { jobId } = await createJob(api);
    await upload(api, jobId);

    // Act
    const first = await start(api, jobId);
    const again = await start(api, jobId);
    const ingested = await ingest(api, jobId);

    // Assess
    expect(first.status).toBe(202);
    expect(first.body).toEqual({ jobId, stage: 'queued', statusUrl: `/v1/jobs/${jobId}` });
    expect(again).toMatchObject({ status: 202, body: first.body });
    const manifest = JobManifestSchema.parse(api.objects.json(`tenants/acme/incoming/${jobId}/job.json`));
    expect(manifest).toEqual({
      portrait: 'portrait.png',
      audio: 'audio.wav',
      emotion: 'surprised at first, then delighted',
      options: { seed: 7, steps: 8, size: 256 },
    });
    const record = ApiJobRecordSchema.parse(api.objects.json(apiJobKey('acme', jobId)));
    expect(ingested).toMatchObject({ outcome: 'started', jobId: record.started?.pipelineJobId });
    const view = JobViewSchema.parse((await get(api, jobId)).body);
    expect(view).toMatchObject({ jobId, stage: 'thinking', seed: 7 });
    expect(view.reasoner).toBeUndefined();
    expect(Object.keys(view.timestamps)).toEqual(['queued', 'thinking']);
  });

  it('writes a user plan into job.json, and ingest hands it to Think as options.plan', async () => {
    // Prepare
    const api = apiHarness();
    const plan = validPlan();
    const { jobId } = await createJob(api, createBody({ plan }));
    await upload(api, jobId);
    const starter = new FakeStarter();

    // Act
    const started = await start(api, jobId);
    const ingested = await ingest(api, jobId, starter);

    // Assess
    expect(started.status).toBe(202);
    expect(ApiJobRecordSchema.parse(api.objects.json(apiJobKey('acme', jobId))).plan).toEqual(plan);
    const manifest = JobManifestSchema.parse(api.objects.json(`tenants/acme/incoming/${jobId}/job.json`));
    expect(manifest.plan).toEqual(plan);
    expect(ingested).toMatchObject({ outcome: 'started' });
    expect(starter.starts).toHaveLength(1);
    expect(starter.starts[0]?.input).toMatchObject({ thinkOptions: { plan } });
  });

  it('refuses an invalid user plan with a 400 naming the field', async () => {
    // Prepare
    const api = apiHarness();
    const plan = validPlan();
    plan.segments[1]!.actionUnits[0]!.intensity = 2;

    // Act
    const reply = await api.call('createJob', {
      method: 'POST',
      path: '/v1/jobs',
      body: createBody({ plan }),
    });

    // Assess
    expect(reply.status).toBe(400);
    const { error } = ApiErrorBodySchema.parse(reply.body);
    expect(error.issues?.map((issue) => issue.path)).toEqual(['plan.segments.1.actionUnits.0.intensity']);
  });

  it("finds the failed job of a manifest that ingest refused, with the refusal in the caller's words", async () => {
    // Prepare
    const api = apiHarness();
    const { jobId } = await createJob(api);
    await upload(api, jobId, textBytes('not an image, but 64 bytes long: ........................'));
    await start(api, jobId);

    // Act
    const ingested = await ingest(api, jobId);
    const view = await get(api, jobId);

    // Assess
    expect(ingested.outcome).toBe('rejected');
    expect(view.body).toMatchObject({
      stage: 'failed',
      error: {
        name: 'MediaTypeError',
        stage: 'queued',
        message: expect.stringContaining('is not a PNG, JPEG or WebP image'),
      },
    });
  });
});

describe('GET /v1/jobs/{id}', () => {
  it('says created before start and queued until ingest has run', async () => {
    // Prepare
    const api = apiHarness();
    const { jobId } = await createJob(api);

    // Act
    const created = await get(api, jobId);
    await upload(api, jobId);
    await start(api, jobId);
    const queued = await get(api, jobId);

    // Assess
    expect(created.body).toMatchObject({ jobId, stage: 'created', timestamps: {} });
    expect(created.body.startedAt).toBeUndefined();
    expect(queued.body).toMatchObject({ stage: 'queued', startedAt: START.toISOString() });
  });

  it('adds presigned downloads of the outputs once the job succeeded', async () => {
    // Prepare
    const api = apiHarness();
    const { jobId } = await createJob(api);
    await upload(api, jobId);
    await start(api, jobId);
    const { jobId: pipelineJobId } = (await ingest(api, jobId)) as { jobId: string };
    const jobs = new JobStore(api.objects);
    for (const stage of ['drawing', 'publishing'] as const) await jobs.transition(pipelineJobId, stage);
    await jobs.transition(pipelineJobId, 'succeeded', { durationSec: 3.5, reasoner: 'facs', seed: 7 });

    // Act
    const view = await get(api, jobId);

    // Assess
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ stage: 'succeeded', durationSec: 3.5, reasoner: 'facs' });
    const prefix = `memory://tbd/tenants/acme/outgoing/${jobId}`;
    expect(view.body.downloads).toEqual({
      video: `${prefix}/video.mp4?expires-in=3600`,
      preview: `${prefix}/preview.png?expires-in=3600`,
      plan: `${prefix}/plan.json?expires-in=3600`,
      expiresAt: new Date(START.getTime() + 3_600_000).toISOString(),
    });
  });

  it("shows the sampler's progress while the job draws, and none once it has moved on", async () => {
    // Prepare
    const api = apiHarness();
    const { jobId } = await createJob(api);
    await upload(api, jobId);
    await start(api, jobId);
    const { jobId: pipelineJobId } = (await ingest(api, jobId)) as { jobId: string };
    const jobs = new JobStore(api.objects);
    await jobs.transition(pipelineJobId, 'drawing');
    const updatedAt = '2026-03-14T09:00:05.000Z';
    await putJson(api.objects, `jobs/${pipelineJobId}/progress.json`, {
      schemaVersion: 1,
      jobId: pipelineJobId,
      stage: 'render',
      done: 120,
      total: 250,
      updatedAt,
    });

    // Act
    const drawing = await get(api, jobId);
    await jobs.transition(pipelineJobId, 'publishing');
    const publishing = await get(api, jobId);
    await jobs.transition(pipelineJobId, 'succeeded', { durationSec: 10 });
    const succeeded = await get(api, jobId);

    // Assess: the document is left behind by the sampler, and ignored after drawing
    expect(drawing.status).toBe(200);
    expect(JobViewSchema.parse(drawing.body).progress).toEqual({
      stage: 'render',
      done: 120,
      total: 250,
      updatedAt,
    });
    expect(publishing.body).toMatchObject({ stage: 'publishing' });
    expect(publishing.body.progress).toBeUndefined();
    expect(succeeded.body).toMatchObject({ stage: 'succeeded' });
    expect(succeeded.body.progress).toBeUndefined();
    expect(api.objects.keys()).toContain(`jobs/${pipelineJobId}/progress.json`);
  });

  it('answers without progress while none is written, or when the document cannot be read', async () => {
    // Prepare
    const api = apiHarness();
    const { jobId } = await createJob(api);
    await upload(api, jobId);
    await start(api, jobId);
    const { jobId: pipelineJobId } = (await ingest(api, jobId)) as { jobId: string };
    await new JobStore(api.objects).transition(pipelineJobId, 'drawing');

    // Act
    const none = await get(api, jobId);
    await api.objects.put(`jobs/${pipelineJobId}/progress.json`, '{"schemaVersion":1,"stage":"rend');
    const torn = await get(api, jobId);
    await putJson(api.objects, `jobs/${pipelineJobId}/progress.json`, { schemaVersion: 1, stage: 'render' });
    const invalid = await get(api, jobId);
    api.objects.fault = (operation, key) => {
      if (operation === 'get' && key.endsWith('/progress.json'))
        throw new TransientError('GetObject: SlowDown');
    };
    const unavailable = await get(api, jobId);

    // Assess
    for (const view of [none, torn, invalid, unavailable]) {
      expect(view.status).toBe(200);
      expect(JobViewSchema.parse(view.body)).toMatchObject({ stage: 'drawing' });
      expect(view.body.progress).toBeUndefined();
    }
  });

  it('keeps internal failure details out of the answer', async () => {
    // Prepare
    const api = apiHarness();
    const { jobId } = await createJob(api);
    await upload(api, jobId);
    await start(api, jobId);
    const { jobId: pipelineJobId } = (await ingest(api, jobId)) as { jobId: string };
    await new JobStore(api.objects).transition(pipelineJobId, 'failed', {
      error: { name: 'StorageError', message: 'GetObject arn:aws:s3:::secret-bucket/x failed: AccessDenied' },
    });

    // Act
    const view = await get(api, jobId);

    // Assess
    expect(view.body.error).toEqual({
      name: 'StorageError',
      stage: 'thinking',
      message: 'the job failed inside the pipeline (StorageError), not because of its inputs; try again',
    });
  });

  it("shows a Draw storage error naming the caller's medium (deleted while the job ran) as it is", async () => {
    // Prepare: the audio was deleted after start, before the Draw stage read it
    const api = apiHarness();
    const { jobId } = await createJob(api);
    await upload(api, jobId);
    await start(api, jobId);
    const { jobId: pipelineJobId } = (await ingest(api, jobId)) as { jobId: string };
    const deleted = {
      name: 'ObjectNotFoundError',
      message: `audio s3://tbd/tenants/acme/incoming/${jobId}/audio.wav does not exist`,
      stage: 'drawing' as const,
    };
    const jobs = new JobStore(api.objects);
    await jobs.transition(pipelineJobId, 'failed', { error: deleted });

    // Act
    const view = await get(api, jobId);

    // Assess
    expect(view.body.error).toEqual(deleted);
  });

  it("hides a Draw storage error that names no medium of the caller (the pipeline's own plan)", async () => {
    // Prepare
    const api = apiHarness();
    const { jobId } = await createJob(api);
    await upload(api, jobId);
    await start(api, jobId);
    const { jobId: pipelineJobId } = (await ingest(api, jobId)) as { jobId: string };
    await new JobStore(api.objects).transition(pipelineJobId, 'failed', {
      error: {
        name: 'ObjectNotFoundError',
        message: `plan s3://tbd/jobs/${pipelineJobId}/plan.json does not exist`,
      },
    });

    // Act
    const view = await get(api, jobId);

    // Assess
    expect(view.body.error.message).toBe(
      'the job failed inside the pipeline (ObjectNotFoundError), not because of its inputs; try again',
    );
  });

  it('still shows a job whose record predates a tightened rule (a NUL in the emotion)', async () => {
    // Prepare: a record as an older API wrote it
    const api = apiHarness();
    const { jobId } = await createJob(api);
    const key = apiJobKey('acme', jobId);
    const record = ApiJobRecordSchema.parse(api.objects.json(key));
    await putJson(api.objects, key, { ...record, emotion: 'happy\u0000 then sad' });

    // Act
    const view = await get(api, jobId);

    // Assess
    expect(view.status).toBe(200);
    expect(JobViewSchema.parse(view.body)).toMatchObject({
      stage: 'created',
      emotion: 'happy\u0000 then sad',
    });
  });

  it("answers 404 for another tenant's job, for an unknown id and for a malformed one", async () => {
    // Prepare
    const api = apiHarness();
    const { jobId } = await createJob(api);

    // Act
    const replies = [
      await get(api, jobId, KEYS.globex),
      await start(api, jobId, KEYS.globex),
      await get(api, '0000000000aaaaaaaaaaaaaaaa'),
      await get(api, '..%2F..%2Facme'),
    ];

    // Assess
    for (const reply of replies) {
      expect(reply.status).toBe(404);
      expect(reply.body.error.name).toBe('JobNotFoundError');
    }
    expect(api.objects.keys().filter((key) => key.startsWith('tenants/globex/'))).toEqual([]);
  });

  it('finds the status through the completion marker when the media changed after start', async () => {
    // Prepare: a status under an id the record does not know, named by result.json
    const api = apiHarness();
    const { jobId } = await createJob(api);
    await upload(api, jobId);
    await start(api, jobId);
    await putJson(api.objects, `tenants/acme/outgoing/${jobId}/result.json`, { jobId: 'other-id' });
    const jobs = new JobStore(api.objects);
    await jobs.createStatus({
      schemaVersion: 1,
      jobId: 'other-id',
      stage: 'succeeded',
      name: jobId,
      tenant: 'acme',
      source: { bucket: 'tbd', key: 'k', etag: 'e' },
      timestamps: { queued: START.toISOString(), succeeded: START.toISOString() },
      updatedAt: START.toISOString(),
    });

    // Act
    const view = await get(api, jobId);

    // Assess
    expect(view.body.stage).toBe('succeeded');
  });
});
