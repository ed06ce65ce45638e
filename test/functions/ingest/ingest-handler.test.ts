import { beforeAll, describe, expect, it, vi } from 'vitest';
import { JobStatusSchema } from '../../../core/contracts/job-status.js';
import { JobErrorRecordSchema } from '../../../core/jobs/job-error-record.js';
import { PipelineInputSchema } from '../../../core/jobs/pipeline-input.js';
import { IngestEventError } from '../../../functions/ingest/errors.js';
import { createIngestHandler, type IngestResult } from '../../../functions/ingest/ingest-handler.js';
import { JobStore } from '../../../functions/shared/job-store.js';
import { localLambdaContext } from '../../../functions/shared/local-invoke.js';
import { MemoryObjectStore } from '../../../functions/shared/memory-object-store.js';
import { TransientError } from '../../../functions/shared/pipeline-errors.js';
import { FakeStarter, manifestJson, pngBytes, quiet, s3Event, textBytes, wavBytes } from './fixtures.js';

beforeAll(() => {
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
});

const NOW = new Date('2025-03-01T12:00:00.000Z');

async function setup(name = 'clip-1', manifest = manifestJson(), root = '') {
  const objects = new MemoryObjectStore('tbd');
  const folder = `${root}incoming/${name}/`;
  await objects.put(`${folder}portrait.png`, pngBytes());
  await objects.put(`${folder}speech.wav`, wavBytes());
  await objects.put(`${folder}job.json`, manifest);
  const starter = new FakeStarter();
  const jobs = new JobStore(objects, { clock: () => NOW });
  const handler = createIngestHandler({ jobs, starter, ...quiet('ingest') });
  const ingest = (event: unknown): Promise<IngestResult> => handler(event, localLambdaContext('ingest'));
  return { objects, starter, ingest, key: `${folder}job.json` };
}

describe('ingest handler', () => {
  it('validates the job, records it and starts one execution', async () => {
    // Prepare
    const { objects, starter, ingest, key } = await setup();
    const inputs = objects.keys();

    // Act
    const { results } = await ingest(s3Event(key));

    // Assess
    expect(results).toHaveLength(1);
    const [result] = results;
    expect(result).toMatchObject({ key, outcome: 'started' });
    const jobId = (result as { jobId: string }).jobId;
    expect(jobId).toMatch(/^clip-1-[0-9a-f]{24}$/);
    expect(starter.starts).toHaveLength(1);
    expect(starter.starts[0]?.name).toBe(jobId);
    expect(PipelineInputSchema.parse(starter.starts[0]?.input)).toEqual({
      jobId,
      job: { name: 'clip-1' },
      emotion: 'pleased at first, then quietly hurt',
      portraitKey: 'incoming/clip-1/portrait.png',
      audioKey: 'incoming/clip-1/speech.wav',
      thinkOptions: { reasoner: 'facs' },
      drawOptions: { seed: 7 },
    });
    const status = JobStatusSchema.parse(objects.json(`jobs/${jobId}/status.json`));
    expect(status).toMatchObject({
      stage: 'thinking',
      name: 'clip-1',
      seed: 7,
      reasoner: 'facs',
      executionId: `local:${jobId}`,
      source: { bucket: 'tbd', key },
    });
    expect(status.timestamps).toEqual({ queued: NOW.toISOString(), thinking: NOW.toISOString() });
    expect(objects.keys().filter((k) => k.startsWith('incoming/'))).toEqual(inputs);
  });

  it('starts no second job when the event is delivered again or the same job.json is uploaded again', async () => {
    // Prepare
    const { objects, starter, ingest, key } = await setup();
    const first = await ingest(s3Event(key));

    // Act
    const redelivered = await ingest(s3Event(key));
    await objects.put(key, manifestJson());
    const reuploaded = await ingest(s3Event(key));

    // Assess
    const jobId = (first.results[0] as { jobId: string }).jobId;
    expect(redelivered.results[0]).toEqual({ key, outcome: 'duplicate', jobId, stage: 'thinking' });
    expect(reuploaded.results[0]).toMatchObject({ outcome: 'duplicate', jobId });
    expect(starter.starts).toHaveLength(1);
  });

  it('starts a new job when the manifest changes', async () => {
    const { objects, starter, ingest, key } = await setup();
    await ingest(s3Event(key));
    await objects.put(key, manifestJson({ emotion: 'furious' }));
    const { results } = await ingest(s3Event(key));
    expect(results[0]?.outcome).toBe('started');
    expect(starter.starts).toHaveLength(2);
  });

  it('restarts a job whose first ingest stopped after recording it (the starter refuses true duplicates)', async () => {
    // Prepare: a first attempt that crashed between the status record and StartExecution
    const { objects, starter, ingest, key } = await setup();
    const crashingStarter = vi.spyOn(starter, 'start').mockRejectedValueOnce(new TransientError('throttled'));
    await expect(ingest(s3Event(key))).rejects.toThrow(TransientError);
    crashingStarter.mockRestore();
    const recorded = objects.keys().filter((k) => k.endsWith('status.json'));

    // Act
    const { results } = await ingest(s3Event(key));

    // Assess
    expect(recorded).toHaveLength(1);
    expect(results[0]?.outcome).toBe('started');
    expect(starter.starts).toHaveLength(1);
  });

  it('decodes URL-encoded keys of S3 events', async () => {
    const { ingest, key } = await setup('my clip (take 2)');
    const { results } = await ingest(s3Event(key));
    expect(results[0]).toMatchObject({ key: 'incoming/my clip (take 2)/job.json', outcome: 'started' });
  });

  it('accepts a direct invocation and tenant folders', async () => {
    const { objects, ingest, key } = await setup('j-1', manifestJson(), 'tenants/acme/');
    const { results } = await ingest({ key });
    const jobId = (results[0] as { jobId: string }).jobId;
    expect(objects.json(`jobs/${jobId}/status.json`)).toMatchObject({ tenant: 'acme', name: 'j-1' });
  });

  it.each([
    ['not JSON', '{ "portrait": ', 'ManifestError', 'is not valid UTF-8 JSON'],
    [
      'an escaping key',
      manifestJson({ audio: '../other/speech.wav' }),
      'ManifestError',
      'audio: must stay inside',
    ],
    ['an unknown field', manifestJson({ colour: 'red' }), 'ManifestError', 'colour'],
    [
      'a missing medium',
      manifestJson({ audio: 'nope.wav' }),
      'MediaNotFoundError',
      'audio: no object at incoming/clip-1/nope.wav',
    ],
    [
      'a text file as portrait',
      manifestJson({ portrait: 'speech.wav' }),
      'MediaTypeError',
      'is not a PNG, JPEG or WebP image',
    ],
  ])(
    'refuses %s: error.json and a failed status, nothing started, nothing thrown',
    async (_, manifest, name, message) => {
      // Prepare
      const { objects, starter, ingest, key } = await setup('clip-1', manifest);

      // Act
      const { results } = await ingest(s3Event(key));

      // Assess
      expect(results[0]).toMatchObject({ outcome: 'rejected', error: { name, stage: 'queued' } });
      const record = JobErrorRecordSchema.parse(objects.json('outgoing/clip-1/error.json'));
      expect(record.error.name).toBe(name);
      expect(record.error.message).toContain(message);
      expect(record.error.message).not.toMatch(/\n\s+at /);
      const jobId = (results[0] as { jobId: string }).jobId;
      expect(objects.json(`jobs/${jobId}/status.json`)).toMatchObject({ stage: 'failed', error: { name } });
      expect(starter.starts).toHaveLength(0);
    },
  );

  it('names the bytes of a corrupt portrait', async () => {
    const { objects, ingest, key } = await setup();
    await objects.put('incoming/clip-1/portrait.png', textBytes('corrupt!'));
    const { results } = await ingest(s3Event(key));
    expect(results[0]).toMatchObject({
      outcome: 'rejected',
      error: { message: expect.stringContaining('starts with bytes 63 6f 72 72 75 70 74 21 ("corrupt!")') },
    });
  });

  it('reports a refused job only once when its event comes again', async () => {
    const { objects, ingest, key } = await setup('clip-1', '{');
    await ingest(s3Event(key));
    const { results } = await ingest(s3Event(key));
    expect(results[0]).toMatchObject({ outcome: 'duplicate', stage: 'failed' });
    expect(objects.keys().filter((k) => k.endsWith('error.json'))).toHaveLength(1);
  });

  it('skips keys that are not manifests and other buckets', async () => {
    const { starter, ingest } = await setup();
    const { results } = await ingest({
      Records: [
        {
          eventName: 'ObjectCreated:Put',
          s3: { bucket: { name: 'tbd' }, object: { key: 'incoming/clip-1/portrait.png' } },
        },
        {
          eventName: 'ObjectCreated:Put',
          s3: { bucket: { name: 'other' }, object: { key: 'incoming/clip-1/job.json' } },
        },
        {
          eventName: 'ObjectRemoved:Delete',
          s3: { bucket: { name: 'tbd' }, object: { key: 'incoming/clip-1/job.json' } },
        },
      ],
    });
    expect(results.map((r) => r.outcome)).toEqual(['skipped', 'skipped']);
    expect(starter.starts).toHaveLength(0);
  });

  it('throws storage outages so the event is delivered again, and refuses unknown events', async () => {
    const { objects, ingest, key } = await setup();
    objects.fault = () => {
      throw new TransientError('S3 SlowDown');
    };
    await expect(ingest(s3Event(key))).rejects.toThrow(TransientError);
    await expect(ingest({ hello: 'world' })).rejects.toThrow(IngestEventError);
  });
});
