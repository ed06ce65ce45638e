/**
 * Runs one catalogue row through the `/v1` API, as a client does: `POST /v1/jobs`, the presigned
 * POSTs straight to the S3 API, `POST /v1/jobs/{id}/start`, polling `GET /v1/jobs/{id}`; for the
 * texts also `POST /v1/think`. See bad-inputs.catalogue.ts for what is checked.
 */
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { expect } from 'vitest';
import {
  ApiErrorBodySchema,
  CreateJobResponseSchema,
  type JobView,
  JobViewSchema,
} from '../../core/contracts/api.js';
import { ApiJobRecordSchema, apiJobKey } from '../../core/contracts/api-job-record.js';
import { ExpressionPlanSchema } from '../../core/plan/expression-plan.js';
import { waitFor } from '../local/stack/stack-fixtures.js';
import {
  type BadInputCase,
  DEFAULT_EMOTION,
  documentBytes,
  isRaw,
  JOB_OPTIONS,
  type JobDocument,
  type MediaField,
  type Outcome,
  type Refused,
} from './bad-input-case.js';
import { portraits, speech } from './bad-media.js';
import {
  API_KEY,
  expectCatalogueAusOnly,
  expectInputsUntouched,
  expectNoStackTrace,
  expectSays,
  expectStackAlive,
  holdDrawsBehindJob,
  type Inputs,
  type ReliabilityStack,
  readJsonText,
  TENANT,
  waitForDuplicates,
  waitForStatus,
} from './reliability-stack.js';

const MEDIA: readonly MediaField[] = ['portrait', 'audio'];
const OUTPUT_FILES = ['plan.json', 'preview.png', 'result.json', 'video.mp4'];

interface Reply {
  readonly status: number;
  readonly text: string;
}

/** One API call with the tenant's key; every answer is checked for stack traces. */
async function call(
  rs: ReliabilityStack,
  method: 'GET' | 'POST',
  path: string,
  body?: Uint8Array,
): Promise<Reply> {
  const reply = await fetch(`${rs.stack.apiUrl}${path}`, {
    method,
    headers: { 'x-api-key': API_KEY, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body && body.length > 0 ? { body } : {}),
  });
  const text = await reply.text();
  expectNoStackTrace(text, `${method} ${path} (${reply.status})`);
  return { status: reply.status, text };
}

/** A browser-style form POST to a presigned URL: the fields, then the file. */
async function upload(url: string, fields: Record<string, string>, bytes: Uint8Array): Promise<Reply> {
  const form = new FormData();
  for (const [field, value] of Object.entries(fields)) form.append(field, value);
  form.append('file', new Blob([bytes]), 'upload');
  const reply = await fetch(url, { method: 'POST', body: form });
  const text = await reply.text();
  expectNoStackTrace(text, `upload (${reply.status})`);
  return { status: reply.status, text };
}

function expectRefused(reply: Reply, expected: Omit<Refused, 'kind' | 'at'>, where: string): void {
  expect(reply.status, `${where}: ${reply.text}`).toBe(expected.status);
  const { error } = ApiErrorBodySchema.parse(JSON.parse(reply.text));
  expect(error).toMatchObject({ name: expected.error, status: expected.status });
  expect(error.field).toBe(expected.field);
  expectSays(error.message, expected.says, where);
}

async function viewOf(rs: ReliabilityStack, id: string): Promise<JobView> {
  const reply = await call(rs, 'GET', `/v1/jobs/${id}`);
  expect(reply.status, reply.text).toBe(200);
  return JobViewSchema.parse(JSON.parse(reply.text));
}

function finished(rs: ReliabilityStack, id: string): Promise<JobView> {
  return waitFor(
    `job ${id} to finish`,
    async () => {
      const view = await viewOf(rs, id);
      return view.stage === 'succeeded' || view.stage === 'failed' ? view : undefined;
    },
    60_000,
    50,
  );
}

/** POST /v1/think answers as the job's creation did: the same refusal, or a plan of catalogue AUs. */
async function expectThinkAgrees(rs: ReliabilityStack, emotion: string, expected: Outcome): Promise<void> {
  const reply = await call(rs, 'POST', '/v1/think', new TextEncoder().encode(JSON.stringify({ emotion })));
  if (expected.kind === 'refused') return expectRefused(reply, expected, 'POST /v1/think');
  expect(reply.status, reply.text).toBe(200);
  expectCatalogueAusOnly(
    ExpressionPlanSchema.parse(JSON.parse(reply.text)),
    expected.kind === 'succeeded' ? expected : {},
  );
}

/** Runs the row and checks it; resolves with the inputs it uploaded (still in place). */
export async function runApiCase(rs: ReliabilityStack, row: BadInputCase): Promise<Inputs> {
  const { s3, stack, log } = rs;
  const expected = row.api.expect;
  const emotion = row.emotion ?? DEFAULT_EMOTION;
  const media = { portrait: portraits[row.portrait ?? 'good'], audio: speech[row.audio ?? 'good'] };
  const bytes = { portrait: await media.portrait.bytes(), audio: await media.audio.bytes() };
  const inputs: Inputs = new Map();
  for (const [key, medium] of Object.entries(row.decoys ?? {})) {
    const decoy = await medium.bytes();
    inputs.set(key, { bytes: decoy, etag: await s3.put(key, decoy, medium.contentType) });
  }
  const records = () => s3.list(`tenants/${TENANT}/api-jobs/`);
  const recordsBefore = await records();
  const finish = async () => {
    if (row.group === 'text') await expectThinkAgrees(rs, emotion, expected);
    await expectInputsUntouched(s3, inputs);
    await expectStackAlive(rs);
    return inputs;
  };

  // Act: create the job
  let document: JobDocument | { raw: Uint8Array } = {
    emotion,
    options: { ...JOB_OPTIONS },
    portrait: { contentType: media.portrait.contentType, size: bytes.portrait.length },
    audio: { contentType: media.audio.contentType, size: bytes.audio.length },
  };
  for (const edit of [row.edit, row.api.body]) if (edit && !isRaw(document)) document = edit(document);
  const created = await call(rs, 'POST', '/v1/jobs', documentBytes(document));
  if (expected.kind === 'refused' && expected.at === 'create') {
    expectRefused(created, expected, 'POST /v1/jobs');
    expect(await records(), 'a refused creation records no job').toEqual(recordsBefore);
    return finish();
  }
  expect(created.status, created.text).toBe(201);
  const job = CreateJobResponseSchema.parse(JSON.parse(created.text));
  const id = job.jobId;
  const keys = { portrait: job.uploads.portrait.fields.key!, audio: job.uploads.audio.fields.key! };

  // Act: upload with the presigned POSTs
  for (const medium of MEDIA) {
    if (row.api.skipUpload === medium) continue;
    const post = job.uploads[medium];
    const tamper = row.api.uploadFields?.medium === medium ? row.api.uploadFields : undefined;
    const reply = await upload(
      post.url,
      tamper ? tamper.fields(post.fields, id) : post.fields,
      bytes[medium],
    );
    if (expected.kind === 'upload-refused' && expected.medium === medium) {
      expect(reply.status, reply.text).toBe(expected.status);
      expect(reply.text).toContain(`<Code>${expected.code}</Code>`);
      continue;
    }
    expect(reply.status, reply.text).toBe(204);
    inputs.set(keys[medium], { bytes: bytes[medium] });
  }
  const outgoing = () => s3.list(`tenants/${TENANT}/outgoing/${id}/`);
  const notStarted = async () => {
    expect((await viewOf(rs, id)).stage, 'the job was not started').toBe('created');
    expect(await s3.get(`tenants/${TENANT}/incoming/${id}/job.json`)).toBeUndefined();
    expect(await outgoing()).toEqual([]);
  };
  if (expected.kind === 'upload-refused') {
    // Assess: nothing stored for the medium, and start says which one is missing
    expect(await s3.get(keys[expected.medium]), 'the refused upload stored nothing').toBeUndefined();
    const started = await call(rs, 'POST', `/v1/jobs/${id}/start`);
    expectRefused(
      started,
      { status: 409, error: 'UploadMissingError', field: expected.medium, says: [/not uploaded yet/] },
      'POST start',
    );
    await notStarted();
    return finish();
  }
  if (row.api.request) {
    const { method, path } = row.api.request(id);
    const reply = await call(rs, method, path);
    if (expected.kind !== 'refused') throw new Error(`${row.id}: a request case expects a refusal`);
    expectRefused(reply, expected, `${method} ${path}`);
    await notStarted();
    return finish();
  }

  // Act: start (twice at once for a duplicate), the audio deleted under way for that scenario
  const held =
    row.scenario === 'delete-audio-while-running'
      ? await holdDrawsBehindJob(rs, `${row.id}-blocker`)
      : undefined;
  const starts = row.scenario === 'duplicate-event' ? 2 : 1;
  const replies = await Promise.all(
    Array.from({ length: starts }, () => call(rs, 'POST', `/v1/jobs/${id}/start`)),
  );
  if (expected.kind === 'refused' && expected.at === 'start') {
    expectRefused(replies[0]!, expected, 'POST start');
    await notStarted();
    return finish();
  }
  for (const reply of replies) expect(reply.status, reply.text).toBe(202);
  if (held) {
    await waitForStatus(s3, id);
    await s3.client.send(new DeleteObjectCommand({ Bucket: stack.bucket, Key: keys.audio }));
    inputs.delete(keys.audio);
    held.release();
  }
  const view = await finished(rs, id);
  await stack.idle();

  // Assess: the job's outcome, as the caller sees it and as the bucket holds it
  const record = ApiJobRecordSchema.parse(JSON.parse((await readJsonText(s3, apiJobKey(TENANT, id)))!));
  const pipelineIds = [record.started!.pipelineJobId, record.started!.refusedJobId];
  if (expected.kind === 'failed') {
    expect(view.stage, JSON.stringify(view)).toBe('failed');
    expect(view.error).toMatchObject({ name: expected.error, stage: expected.stage });
    expectSays(view.error!.message, expected.says, 'GET /v1/jobs/{id} error');
    expect(view.downloads).toBeUndefined();
    expect(await outgoing(), 'a failed job publishes nothing but error.json').toEqual([
      `tenants/${TENANT}/outgoing/${id}/error.json`,
    ]);
    for (const pipelineId of pipelineIds)
      expect(await s3.list(`jobs/${pipelineId}/draw/`), 'no draw output of a failed job').toEqual([]);
  } else if (expected.kind === 'succeeded') {
    expect(view.stage, JSON.stringify(view.error)).toBe('succeeded');
    expect(await outgoing()).toEqual(OUTPUT_FILES.map((file) => `tenants/${TENANT}/outgoing/${id}/${file}`));
    const plan = await (await fetch(view.downloads!.plan)).json();
    expectCatalogueAusOnly(ExpressionPlanSchema.parse(plan), expected);
  } else {
    throw new Error(`${row.id}: unexpected outcome ${expected.kind} after start`);
  }

  if (row.scenario === 'duplicate-event') {
    // Act: start once more, and the manifest start wrote uploaded again as it is
    const again = await call(rs, 'POST', `/v1/jobs/${id}/start`);
    const manifestKey = `tenants/${TENANT}/incoming/${id}/job.json`;
    await s3.put(manifestKey, (await s3.get(manifestKey))!, 'application/json');
    await waitForDuplicates(log, record.started!.pipelineJobId, 1);
    await stack.idle();

    // Assess: one job, one execution
    expect(again.status).toBe(202);
    expect(stack.executions().filter((execution) => execution.job.name === id)).toHaveLength(1);
    expect(log.stagesOf(record.started!.pipelineJobId).filter((stage) => stage === 'queued')).toHaveLength(1);
    expect((await viewOf(rs, id)).stage).toBe('succeeded');
  }
  if (held) expect(await s3.get(keys.audio), 'the deleted audio stays deleted').toBeUndefined();
  return finish();
}
