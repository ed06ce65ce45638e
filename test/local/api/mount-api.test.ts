/**
 * mountApi on a fresh data directory: it creates api-keys.json, prints the new key once, and
 * mounts the /v1 routes on the stack's API server.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FacsReasoner } from '../../../core/facs/facs-reasoner.js';
import { JobStore } from '../../../functions/shared/job-store.js';
import { MemoryObjectStore } from '../../../functions/shared/memory-object-store.js';
import { mountApi } from '../../../local/api/mount-api.js';
import type { ApiRoute, ApiServer } from '../../../local/stack/api-server.js';
import type { LocalStackServices } from '../../../local/stack/local-stack.js';
import { memoryStackLog } from '../stack/stack-fixtures.js';

describe('mountApi', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'tbd-mount-'));
  });

  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  function services(log = memoryStackLog()) {
    const mounted: { prefix: string; route: ApiRoute }[] = [];
    const api: ApiServer = {
      mount: (prefix, route) => mounted.push({ prefix, route }),
      listen: async () => ({ address: '127.0.0.1', family: 'IPv4', port: 0 }),
      url: undefined,
      close: async () => {},
    };
    const value: LocalStackServices = {
      api,
      s3Endpoint: 'http://127.0.0.1:9',
      bucket: 'tbd',
      region: 'us-east-1',
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      s3Client: new S3Client({ region: 'us-east-1' }),
      jobs: new JobStore(new MemoryObjectStore('tbd')),
      reasonerFor: () => new FacsReasoner(),
      dataDir,
      log,
    };
    return { value, mounted, log };
  }

  it('prints the key it creates on the first start, only the tenants afterwards, and mounts /v1', async () => {
    // Prepare
    const first = services();
    const second = services();

    // Act
    await mountApi(first.value);
    await mountApi(second.value);

    // Assess
    const created = first.log.lines.find((line) => line.includes('created an API key'));
    expect(created).toMatch(/tenant=local key=tbd_[A-Za-z0-9_-]{32} file=.*api-keys\.json/);
    expect(second.log.lines.some((line) => line.includes('created an API key'))).toBe(false);
    expect(second.log.lines.some((line) => /API keys tenants=local/.test(line))).toBe(true);
    expect(first.mounted.map((m) => m.prefix)).toEqual(['/v1']);
  });
});
