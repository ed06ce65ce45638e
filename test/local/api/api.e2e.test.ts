/**
 * The `/v1` API over real HTTP against the local stack (`startLocalStack({ api: mountApi })`, what
 * `tbd serve` runs) on free ports: two tenants' keys in <data-dir>/api-keys.json, uploads with
 * the presigned POSTs straight to the local S3 API, the real pipeline at 256 px and 8 steps with
 * the short speech clip, downloads through the presigned GET URLs.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeMp4 } from '../../../containers/gpu-sampler/src/encode/probe.js';
import {
  ApiErrorBodySchema,
  CreateJobResponseSchema,
  type JobView,
  JobViewSchema,
  ListJobsResponseSchema,
  UsageReportSchema,
} from '../../../core/contracts/api.js';
import { ApiJobRecordSchema, apiJobKey } from '../../../core/contracts/api-job-record.js';
import { type ExpressionPlan, ExpressionPlanSchema } from '../../../core/plan/expression-plan.js';
import { mountApi } from '../../../local/api/mount-api.js';
import { type LocalStack, startLocalStack } from '../../../local/stack/local-stack.js';
import { EXAMPLES, memoryStackLog, SURPRISE_SEC, stackClient, waitFor } from '../stack/stack-fixtures.js';

const KEYS = {
  acme: 'tbd_acme-secret-key-0123456789abcdef',
  globex: 'tbd_globex-secret-key-0123456789abcdef',
} as const;

const OPTIONS = { size: 256, steps: 8, seed: 7, fps: 25 } as const;

/** The `error` of an error response. */
const errorOf = async (reply: Response) => ApiErrorBodySchema.parse(await reply.json()).error;

describe('the /v1 API over HTTP (tbd serve, in-process)', () => {
  let dataDir: string;
  let stack: LocalStack;
  let portrait: Buffer;
  let speech: Buffer;
  const log = memoryStackLog();

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'tbd-api-e2e-'));
    await writeFile(
      join(dataDir, 'api-keys.json'),
      JSON.stringify({
        keys: [
          { id: 'acme-1', tenant: 'acme', key: KEYS.acme },
          { id: 'globex-1', tenant: 'globex', key: KEYS.globex },
        ],
      }),
    );
    portrait = await readFile(new URL('portrait-astronaut.png', EXAMPLES));
    speech = await readFile(new URL('speech-surprise-16k.wav', EXAMPLES));
    stack = await startLocalStack({ dataDir, s3Port: 0, apiPort: 0, samplerPort: 0, api: mountApi, log });
  });

  afterAll(async () => {
    await stack?.stop({ graceMs: 0 });
    await rm(dataDir, { recursive: true, force: true });
  });

  const api = (path: string, init: RequestInit & { key?: string | null } = {}) => {
    const { key = KEYS.acme, headers, ...rest } = init;
    return fetch(`${stack.apiUrl}${path}`, {
      ...rest,
      headers: { ...(key === null ? {} : { 'x-api-key': key }), ...headers },
    });
  };

  const postJson = (path: string, body: unknown, key: string | null = KEYS.acme) =>
    api(path, {
      method: 'POST',
      key,
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  async function createJob(
    emotion: string,
    sizes = { portrait: portrait.length, audio: speech.length },
    key = KEYS.acme,
    plan?: ExpressionPlan,
  ) {
    const reply = await postJson(
      '/v1/jobs',
      {
        emotion,
        options: OPTIONS,
        portrait: { contentType: 'image/png', size: sizes.portrait },
        audio: { contentType: 'audio/wav', size: sizes.audio },
        ...(plan ? { plan } : {}),
      },
      key,
    );
    expect(reply.status).toBe(201);
    return CreateJobResponseSchema.parse(await reply.json());
  }

  /** A browser-style form POST to the presigned URL: the fields, then the file. */
  async function upload(
    post: { url: string; fields: Record<string, string> },
    bytes: Uint8Array,
    name: string,
  ) {
    const form = new FormData();
    for (const [field, value] of Object.entries(post.fields)) form.append(field, value);
    form.append('file', new Blob([bytes]), name);
    const reply = await fetch(post.url, { method: 'POST', body: form });
    return { status: reply.status, text: await reply.text() };
  }

  async function uploadBoth(created: Awaited<ReturnType<typeof createJob>>) {
    expect(await upload(created.uploads.portrait, portrait, 'portrait.png')).toMatchObject({ status: 204 });
    expect(await upload(created.uploads.audio, speech, 'speech.wav')).toMatchObject({ status: 204 });
  }

  const start = (id: string, key: string = KEYS.acme) => api(`/v1/jobs/${id}/start`, { method: 'POST', key });

  async function finished(id: string): Promise<JobView> {
    return waitFor(
      `job ${id} to finish`,
      async () => {
        const view = JobViewSchema.parse(await (await api(`/v1/jobs/${id}`)).json());
        return view.stage === 'succeeded' || view.stage === 'failed' ? view : undefined;
      },
      120_000,
      300,
    );
  }

  const durations: number[] = [];

  it('runs jobs end to end: create, upload with the presigned POSTs, start, poll, download', async () => {
    // Prepare
    await stack.samplerReady;
    // The second job carries a user plan: the studio's AU sliders edit the reasoner's plan.
    const thought = await postJson('/v1/think', { emotion: 'quietly hurt, then relieved' });
    const edited = ExpressionPlanSchema.parse(await thought.json());
    for (const segment of edited.segments)
      for (const unit of segment.actionUnits) unit.intensity = Math.round((1 - unit.intensity) * 100) / 100;
    expect(edited.segments.some((segment) => segment.actionUnits.length > 0)).toBe(true);
    const first = await createJob('surprised at first, then delighted');
    const second = await createJob('quietly hurt, then relieved', undefined, undefined, edited);
    expect(first.uploads.portrait.url).toBe(`${stack.s3Endpoint}/${stack.bucket}`);

    // Act
    await uploadBoth(first);
    await uploadBoth(second);
    const started = await start(first.jobId);
    await start(second.jobId);
    const view = await finished(first.jobId);
    const other = await finished(second.jobId);

    // Assess: the job
    expect(started.status).toBe(202);
    expect(await started.json()).toEqual({
      jobId: first.jobId,
      stage: 'queued',
      statusUrl: `/v1/jobs/${first.jobId}`,
    });
    expect(view, JSON.stringify(view.error)).toMatchObject({ stage: 'succeeded', reasoner: 'facs', seed: 7 });
    expect(other, JSON.stringify(other.error)).toMatchObject({ stage: 'succeeded', reasoner: 'user' });
    expect(Object.keys(view.timestamps)).toEqual([
      'queued',
      'thinking',
      'drawing',
      'publishing',
      'succeeded',
    ]);
    durations.push(view.durationSec!, other.durationSec!);
    // The id start derived from the ETags is the one ingest gave the execution.
    const s3 = stackClient(stack.s3Endpoint, stack.bucket);
    const record = ApiJobRecordSchema.parse(await s3.json(apiJobKey('acme', first.jobId)));
    s3.destroy();
    expect(stack.executions().find((execution) => execution.job.name === first.jobId)?.name).toBe(
      record.started?.pipelineJobId,
    );

    // Assess: the downloads, from the local S3 API
    const downloads = view.downloads!;
    expect(
      downloads.video.startsWith(`${stack.s3Endpoint}/${stack.bucket}/tenants/acme/outgoing/${first.jobId}/`),
    ).toBe(true);
    const video = new Uint8Array(await (await fetch(downloads.video)).arrayBuffer());
    const videoPath = join(dataDir, 'video.mp4');
    await writeFile(videoPath, video);
    const probe = await probeMp4(videoPath);
    expect(probe).toMatchObject({ videoCodec: 'avc1', hasAudio: true, width: 256, height: 256 });
    expect(probe.durationSec).toBeCloseTo(SURPRISE_SEC, 1);
    const preview = new Uint8Array(await (await fetch(downloads.preview)).arrayBuffer());
    expect([...preview.subarray(1, 4)]).toEqual([0x50, 0x4e, 0x47]);
    const plan = ExpressionPlanSchema.parse(await (await fetch(downloads.plan)).json());
    expect(plan.prompt).toBe('surprised at first, then delighted');
    const userPlan = ExpressionPlanSchema.parse(await (await fetch(other.downloads!.plan)).json());
    expect(userPlan.reasoner).toBe('user');
    expect(userPlan.segments.map((segment) => segment.actionUnits)).toEqual(
      edited.segments.map((segment) => segment.actionUnits),
    );

    // Assess: the caller's list, newest first
    const list = ListJobsResponseSchema.parse(await (await api('/v1/jobs?limit=10')).json());
    expect(list.jobs.map((job) => job.jobId)).toEqual([second.jobId, first.jobId]);
  }, 240_000);

  it("meters the videos' durations for the caller's period", async () => {
    // Act
    const usage = UsageReportSchema.parse(await (await api('/v1/usage')).json());
    const globex = UsageReportSchema.parse(await (await api('/v1/usage', { key: KEYS.globex })).json());

    // Assess
    expect(durations).toHaveLength(2);
    expect(usage.videoSeconds).toBeCloseTo(durations[0]! + durations[1]!, 6);
    expect(usage.videoSeconds).toBeCloseTo(2 * SURPRISE_SEC, 2);
    expect(usage.frames).toBeGreaterThanOrEqual(2 * Math.floor(SURPRISE_SEC * 25));
    expect(usage.samplerSeconds).toBeGreaterThan(0);
    expect(usage.jobs).toEqual({ created: 2, succeeded: 2 });
    expect(globex).toMatchObject({ videoSeconds: 0, frames: 0, jobs: { created: 0, succeeded: 0 } });
  });

  it('refuses a missing API key (401) and a wrong one (403)', async () => {
    // Act
    const missing = await postJson('/v1/jobs', { emotion: 'happy' }, null);
    const wrong = await api('/v1/jobs', { key: 'tbd_not-a-key-of-this-server-000000' });

    // Assess
    expect(missing.status).toBe(401);
    expect((await errorOf(missing)).name).toBe('MissingApiKeyError');
    expect(wrong.status).toBe(403);
    expect((await errorOf(wrong)).name).toBe('InvalidApiKeyError');
  });

  it("answers 404 for another tenant's job and never lists it", async () => {
    // Prepare
    const mine = await createJob('content');

    // Act
    const read = await api(`/v1/jobs/${mine.jobId}`, { key: KEYS.globex });
    const started = await start(mine.jobId, KEYS.globex);
    const listed = ListJobsResponseSchema.parse(await (await api('/v1/jobs', { key: KEYS.globex })).json());

    // Assess
    expect(read.status).toBe(404);
    expect((await errorOf(read)).name).toBe('JobNotFoundError');
    expect(started.status).toBe(404);
    expect(listed.jobs).toEqual([]);
  });

  it('refuses an upload larger than its presigned POST allows, at the S3 API', async () => {
    // Prepare: the speech declared at 1000 bytes
    const job = await createJob('bored', { portrait: portrait.length, audio: 1000 });
    await upload(job.uploads.portrait, portrait, 'portrait.png');

    // Act
    const refused = await upload(job.uploads.audio, speech, 'speech.wav');
    const started = await start(job.jobId);

    // Assess
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('<Code>EntityTooLarge</Code>');
    expect(started.status).toBe(409);
    expect(await errorOf(started)).toMatchObject({ name: 'UploadMissingError', field: 'audio' });
  });

  it('answers malformed JSON with a 400 that names the problem', async () => {
    // Act
    const reply = await postJson('/v1/jobs', '{"emotion": "happy", "portrait": ');

    // Assess
    expect(reply.status).toBe(400);
    const error = await errorOf(reply);
    expect(error.name).toBe('MalformedJsonError');
    expect(error.message).toMatch(/not valid JSON \(.+\)/);
  });

  it('thinks synchronously, serves its OpenAPI document without a key, and answers preflights', async () => {
    // Act
    const think = await postJson('/v1/think', { emotion: 'pleased at first, then quietly hurt' });
    const openapi = await api('/v1/openapi.json', { key: null });
    const preflight = await api('/v1/jobs', {
      method: 'OPTIONS',
      key: null,
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' },
    });
    const unknown = await api('/v1/nothing-here');

    // Assess
    expect(think.status).toBe(200);
    expect(ExpressionPlanSchema.parse(await think.json()).segments.length).toBeGreaterThan(1);
    expect(openapi.status).toBe(200);
    const checkedIn: unknown = JSON.parse(
      await readFile(new URL('../../../functions/api/openapi.json', import.meta.url), 'utf8'),
    );
    expect(await openapi.json()).toEqual(checkedIn);
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('x-api-key');
    expect(unknown.status).toBe(404);
  });
});
