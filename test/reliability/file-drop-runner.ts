/**
 * Runs one catalogue row through the file drop, as users do: an S3 client uploads the media, then
 * `incoming/<folder>/job.json` (writing it starts the job); the outcome is
 * `outgoing/<folder>/error.json` or `result.json`. See bad-inputs.catalogue.ts for what is checked.
 */
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { expect } from 'vitest';
import { JobStatusSchema } from '../../core/contracts/job-status.js';
import { JobErrorRecordSchema } from '../../core/jobs/job-error-record.js';
import { JobResultSchema } from '../../core/jobs/job-result.js';
import { ExpressionPlanSchema } from '../../core/plan/expression-plan.js';
import type { StackClient } from '../local/stack/stack-fixtures.js';
import { waitFor } from '../local/stack/stack-fixtures.js';
import {
  type BadInputCase,
  DEFAULT_EMOTION,
  documentBytes,
  type Failed,
  isRaw,
  JOB_OPTIONS,
  type JobDocument,
  type Outcome,
} from './bad-input-case.js';
import { mediumFile, portraits, speech } from './bad-media.js';
import {
  expectCatalogueAusOnly,
  expectInputsUntouched,
  expectNoStackTrace,
  expectSays,
  expectStackAlive,
  holdDrawsBehindJob,
  type Inputs,
  type ReliabilityStack,
  readJsonText,
  statusByName,
  waitForDuplicates,
  waitForStatus,
} from './reliability-stack.js';

const OUTPUT_FILES = ['plan.json', 'preview.png', 'result.json', 'video.mp4'];

/** The JSON of the first completion marker under outgoing/<folder>/, and its text. */
async function completion(s3: StackClient, folder: string) {
  return waitFor(
    `outgoing/${folder}/error.json or result.json`,
    async () => {
      for (const file of ['error.json', 'result.json'] as const) {
        const text = await readJsonText(s3, `outgoing/${folder}/${file}`);
        if (text !== undefined) return { file, text };
      }
      return undefined;
    },
    60_000,
    50,
  );
}

function assertFailed(expected: Failed, text: string, where: string) {
  expectNoStackTrace(text, where);
  const record = JobErrorRecordSchema.parse(JSON.parse(text));
  expect(record.error.name, `${where}: ${record.error.message}`).toBe(expected.error);
  expect(record.error.stage).toBe(expected.stage);
  expectSays(record.error.message, expected.says, where);
  return record;
}

/** Runs the row and checks it; resolves with the inputs it uploaded (still in place). */
export async function runFileDropCase(rs: ReliabilityStack, row: BadInputCase): Promise<Inputs> {
  const { s3, stack, log } = rs;
  const expected: Outcome = row.fileDrop.expect;
  if (expected.kind !== 'failed' && expected.kind !== 'succeeded')
    throw new Error(`${row.id}: a file drop ends failed or succeeded, not ${expected.kind}`);
  const folder = row.fileDrop.folder ?? row.id;
  const prefix = `incoming/${folder}/`;
  const portrait = portraits[row.portrait ?? 'good'];
  const audio = speech[row.audio ?? 'good'];
  const files = {
    portrait: mediumFile('portrait', portrait.contentType),
    audio: mediumFile('audio', audio.contentType),
  };
  const inputs: Inputs = new Map();
  const put = async (key: string, bytes: Uint8Array, contentType?: string) => {
    inputs.set(key, { bytes, etag: await s3.put(key, bytes, contentType) });
  };

  // Prepare: decoys, the media, the manifest
  for (const [key, medium] of Object.entries(row.decoys ?? {}))
    await put(key, await medium.bytes(), medium.contentType);
  await put(prefix + files.portrait, await portrait.bytes(), portrait.contentType);
  await put(prefix + files.audio, await audio.bytes(), audio.contentType);
  let document: JobDocument | { raw: Uint8Array } = {
    portrait: files.portrait,
    audio: files.audio,
    emotion: row.emotion ?? DEFAULT_EMOTION,
    options: { ...JOB_OPTIONS },
  };
  for (const edit of [row.edit, row.fileDrop.manifest])
    if (edit && !isRaw(document)) document = edit(document);
  const manifest = documentBytes(document);
  const held =
    row.scenario === 'delete-audio-while-running'
      ? await holdDrawsBehindJob(rs, `${row.id}-blocker`)
      : undefined;

  // Act
  await put(`${prefix}job.json`, manifest, 'application/json');
  if (held) {
    await waitForStatus(s3, folder);
    await s3.client.send(new DeleteObjectCommand({ Bucket: stack.bucket, Key: prefix + files.audio }));
    inputs.delete(prefix + files.audio);
    held.release();
  }
  const done = await completion(s3, folder);
  await stack.idle();

  // Assess: the outcome
  const jobId = (JSON.parse(done.text) as { jobId: string }).jobId;
  const statusText = await readJsonText(s3, `jobs/${jobId}/status.json`);
  expect(statusText, `jobs/${jobId}/status.json`).toBeDefined();
  expectNoStackTrace(statusText!, 'status.json');
  const status = JobStatusSchema.parse(JSON.parse(statusText!));
  const outgoing = await s3.list(`outgoing/${folder}/`);
  if (expected.kind === 'failed') {
    expect(done.file, done.text).toBe('error.json');
    const record = assertFailed(expected, done.text, 'error.json');
    expect(status).toMatchObject({ stage: 'failed', error: record.error });
    expect(outgoing, 'a failed job publishes nothing but error.json').toEqual([
      `outgoing/${folder}/error.json`,
    ]);
    expect(await s3.list(`jobs/${jobId}/draw/`), 'no draw output of a failed job').toEqual([]);
    const line = log.lines.find((l) => l.includes('job failed') && l.includes(jobId));
    expect(line, 'the job failed log line').toBeDefined();
    expectNoStackTrace(line!, 'the job failed log line');
  } else {
    expect(done.file, done.text).toBe('result.json');
    JobResultSchema.parse(JSON.parse(done.text));
    expect(status.stage).toBe('succeeded');
    expect(outgoing).toEqual(OUTPUT_FILES.map((file) => `outgoing/${folder}/${file}`));
    expectCatalogueAusOnly(
      ExpressionPlanSchema.parse(JSON.parse((await readJsonText(s3, `outgoing/${folder}/plan.json`))!)),
      expected,
    );
  }

  if (row.scenario === 'duplicate-event') {
    // Act: the same job.json notified twice more (two more uploads of the very same bytes)
    for (const count of [1, 2]) {
      await s3.put(`${prefix}job.json`, manifest, 'application/json');
      await waitForDuplicates(log, jobId, count);
    }
    await stack.idle();

    // Assess: one job, one execution, nothing rewritten
    expect(stack.executions().filter((execution) => execution.job.name === folder)).toHaveLength(1);
    expect(log.stagesOf(jobId).filter((stage) => stage === 'queued')).toHaveLength(1);
    expect(await readJsonText(s3, `jobs/${jobId}/status.json`)).toEqual(statusText);
    expect((await statusByName(s3, folder))?.jobId).toBe(jobId);
  }
  if (held) expect(await s3.get(prefix + files.audio), 'the deleted audio stays deleted').toBeUndefined();

  // Assess: inputs untouched, the stack alive
  await expectInputsUntouched(s3, inputs);
  await expectStackAlive(rs);
  return inputs;
}
