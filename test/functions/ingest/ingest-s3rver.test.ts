/**
 * Ingest over a real S3 API (s3rver on loopback): quoted ETags, ranged reads and the
 * read-then-write status record behave as in AWS.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createIngestHandler } from '../../../functions/ingest/ingest-handler.js';
import { JobStore } from '../../../functions/shared/job-store.js';
import { localLambdaContext } from '../../../functions/shared/local-invoke.js';
import { S3ObjectStore } from '../../../functions/shared/s3-object-store.js';
import { type RunningS3rver, startS3rver } from '../../helpers/s3rver.js';
import { FakeStarter, manifestJson, quiet, s3Event, wavBytes } from './fixtures.js';

const PORTRAIT = new URL('../../../examples/portrait-astronaut.png', import.meta.url);
const SPEECH = new URL('../../../examples/speech-news-16k.wav', import.meta.url);

describe('ingest on s3rver', () => {
  let s3: RunningS3rver;

  beforeAll(async () => {
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
    s3 = await startS3rver();
  });
  afterAll(async () => {
    await s3?.stop();
  });

  function handler() {
    const starter = new FakeStarter();
    const jobs = new JobStore(new S3ObjectStore({ client: s3.client, bucket: s3.bucket }));
    const ingest = createIngestHandler({ jobs, starter, ...quiet('ingest') });
    return { starter, ingest: (event: unknown) => ingest(event, localLambdaContext('ingest')) };
  }

  it('starts a job once for a real upload, and refuses a corrupt portrait with a clear message', async () => {
    // Prepare
    await s3.put('incoming/astro/portrait.png', await readFile(PORTRAIT), 'image/png');
    await s3.put('incoming/astro/speech.wav', await readFile(SPEECH), 'audio/wav');
    await s3.put('incoming/astro/job.json', manifestJson(), 'application/json');
    await s3.put('incoming/broken/portrait.png', 'GIF89a not really', 'image/png');
    await s3.put('incoming/broken/speech.wav', wavBytes(), 'audio/wav');
    await s3.put('incoming/broken/job.json', manifestJson(), 'application/json');
    const { starter, ingest } = handler();

    // Act
    const first = await ingest(s3Event('incoming/astro/job.json'));
    const again = await ingest(s3Event('incoming/astro/job.json'));
    const broken = await ingest(s3Event('incoming/broken/job.json'));

    // Assess
    expect(first.results[0]?.outcome).toBe('started');
    expect(again.results[0]?.outcome).toBe('duplicate');
    expect(broken.results[0]?.outcome).toBe('rejected');
    expect(starter.starts).toHaveLength(1);
    const jobId = (first.results[0] as { jobId: string }).jobId;
    expect(JSON.parse(new TextDecoder().decode(await s3.get(`jobs/${jobId}/status.json`)))).toMatchObject({
      stage: 'thinking',
    });
    const error = JSON.parse(new TextDecoder().decode(await s3.get('outgoing/broken/error.json')));
    expect(error.error).toMatchObject({ name: 'MediaTypeError' });
    expect(error.error.message).toContain(
      'portrait: incoming/broken/portrait.png is not a PNG, JPEG or WebP image',
    );
    expect(await s3.list('incoming/')).toHaveLength(6);
  });
});
