/**
 * A local stack restarts over a bucket with more than one listing page under `incoming/`: its
 * recovery lists every job.json with ListObjectsV2 pages, whose continuation tokens s3rver could
 * not build on Node >= 17 (DES) until s3-emulator.ts patched them. The sampler is an external URL
 * that is never called, so no model loads.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../../local/stack/local-stack.js';
import { startS3Emulator } from '../../../local/stack/s3-emulator.js';
import { numberedKeys, putMany } from './put-many.js';
import { memoryStackLog, type StackClient, stackClient } from './stack-fixtures.js';

describe('tbd serve restarts with more than 1000 objects under incoming/', () => {
  let dataDir: string;
  const stacks: LocalStack[] = [];
  const clients: StackClient[] = [];
  const fillers = numberedKeys('incoming/filler/', 1001, '.bin');
  const late = 'incoming/zz-late/job.json';

  async function start() {
    const stack = await startLocalStack({
      dataDir,
      s3Port: 0,
      apiPort: 0,
      samplerPort: 0,
      log: memoryStackLog(),
      sampler: { url: 'http://127.0.0.1:9', readyTimeoutMs: 100 },
    });
    stacks.push(stack);
    const s3 = stackClient(stack.s3Endpoint, stack.bucket);
    clients.push(s3);
    return { stack, s3 };
  }

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'tbd-serve-listing-'));
  });

  afterAll(async () => {
    for (const client of clients) client.destroy();
    for (const stack of stacks) await stack.stop({ graceMs: 0 });
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('starts again, and its recovery finds a job.json listed after the first 1000 keys', async () => {
    // Prepare: 1001 objects under incoming/ through a running stack; then, with the stack
    // stopped, a job.json that sorts after them (refused by ingest: it is not JSON)
    const first = await start();
    await putMany(first.s3.client, first.stack.bucket, fillers);
    await first.stack.stop({ graceMs: 0 });
    const offline = await startS3Emulator({ directory: join(dataDir, 's3'), port: 0 });
    await putMany(offline.createClient(), offline.bucket, [late]);
    await offline.stop();

    // Act
    const second = await start();

    // Assess
    expect(second.stack.recovery).toEqual({ resumed: [], failed: [], ingested: [late] });
    expect(await second.s3.json('outgoing/zz-late/error.json')).toBeDefined();
  });
});
