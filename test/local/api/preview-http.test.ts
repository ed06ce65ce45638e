/**
 * POST /v1/preview through tbd serve's HTTP adapter with the real renderer (the Draw stage's
 * PreviewRenderer) on the example portrait: a body over the adapter's 1 MiB default (the route
 * has its own limit), the PNG as bytes, the face box in headers, the cache on the second call.
 */
import { readFile } from 'node:fs/promises';
import { Logger } from '@aws-lambda-powertools/logger';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FacsReasoner } from '../../../core/facs/facs-reasoner.js';
import { apiDeps } from '../../../functions/api/api-deps.js';
import { createApiHandlers } from '../../../functions/api/api-handlers.js';
import { MemoryPresigner } from '../../../functions/api/memory-presigner.js';
import { tenantDirectory } from '../../../functions/api/tenancy.js';
import { MemoryObjectStore } from '../../../functions/shared/memory-object-store.js';
import { createApiRoute } from '../../../local/api/http-adapter.js';
import { lazyPreviewer } from '../../../local/api/mount-api.js';
import { type ApiServer, createApiServer } from '../../../local/stack/api-server.js';
import { createStackLog } from '../../../local/stack/stack-log.js';

const KEY = 'tbd_preview-test-key-0123456789';
let server: ApiServer;
let portrait: string;

beforeAll(async () => {
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
  portrait = (await readFile('examples/portrait-astronaut.png')).toString('base64');
  const handlers = createApiHandlers(
    apiDeps({
      objects: new MemoryObjectStore('tbd'),
      presigner: new MemoryPresigner('tbd'),
      reasonerFor: () => new FacsReasoner(),
      tenantOf: tenantDirectory({ 'key-local': 'local' }),
      logger: new Logger({ serviceName: 'api', logLevel: 'SILENT' }),
      previewer: lazyPreviewer(),
    }),
  );
  server = createApiServer({ health: () => ({ status: 'ok' }), log: createStackLog({ level: 'silent' }) });
  const entry = { id: 'key-local', tenant: 'local', key: KEY };
  server.mount(
    '/v1',
    createApiRoute({ handlers, keys: { find: (key) => (key === KEY ? entry : undefined) } }),
  );
  await server.listen(0, '127.0.0.1');
});

afterAll(async () => {
  await server?.close();
});

const preview = (body: unknown) =>
  fetch(`${server.url}/v1/preview`, {
    method: 'POST',
    headers: { 'x-api-key': KEY, 'content-type': 'application/json', accept: 'image/png' },
    body: JSON.stringify(body),
  });

describe('POST /v1/preview on the local server', () => {
  it('takes the example portrait (over 1 MiB as base64) and answers a PNG with the face box', async () => {
    // Prepare
    expect(portrait.length).toBeGreaterThan(1024 * 1024);

    // Act
    const first = await preview({ portrait, emotion: 'surprised', size: 256 });
    const second = await preview({ portrait, emotion: 'furious', size: 256 });

    // Assess
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('image/png');
    const meta = await sharp(Buffer.from(await first.arrayBuffer())).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 256, 256]);
    const [x, y, width, height] = first.headers.get('x-face-box')!.split(',').map(Number);
    expect(width).toBeGreaterThan(64);
    expect(x! + width!).toBeLessThanOrEqual(512);
    expect(y! + height!).toBeLessThanOrEqual(512);
    expect(first.headers.get('x-source-size')).toBe('512,512');
    expect(first.headers.get('x-preview-cache')).toBe('miss');
    expect(second.headers.get('x-preview-cache')).toBe('hit');
  });

  it('names the portrait when it has no face: 422 NoFaceError', async () => {
    // Prepare
    const blank = await sharp({ create: { width: 200, height: 200, channels: 3, background: '#777' } })
      .png()
      .toBuffer();

    // Act
    const response = await preview({ portrait: blank.toString('base64') });

    // Assess
    expect(response.status).toBe(422);
    const { error } = (await response.json()) as { error: { name: string; field: string; message: string } };
    expect(error).toMatchObject({ name: 'NoFaceError', field: 'portrait' });
    expect(error.message).toMatch(/no face found/);
  });
});
