/**
 * The studio's assets and their route on the local API server: the page built from its sources,
 * the local key only for loopback hosts, the CSP, caching, and JSON 404/405 like the rest.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiServer, createApiServer } from '../../../local/stack/api-server.js';
import { createStackLog } from '../../../local/stack/stack-log.js';
import { buildStudio, STUDIO_FILES, type StudioAssets } from '../../../local/studio/build-studio.js';
import {
  contentSecurityPolicy,
  createStudioRoute,
  isLoopbackHost,
} from '../../../local/studio/serve-studio.js';

const KEY = 'tbd_test-key-0123456789abcdef';
const S3 = 'http://127.0.0.1:4569';
let assets: StudioAssets;
let server: ApiServer;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A request with any Host header (fetch would not let the test set it). */
function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  const url = new URL(path, server.url);
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString(),
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  assets = await buildStudio();
  server = createApiServer({ health: () => ({ status: 'ok' }), log: createStackLog({ level: 'silent' }) });
  server.mount('/v1', (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"v1":true}');
  });
  server.mount(
    '/',
    createStudioRoute({ assets: Promise.resolve(assets), apiKey: () => KEY, mediaOrigins: [S3] }),
  );
  await server.listen(0, '127.0.0.1');
});

afterAll(async () => {
  await server?.close();
});

describe('buildStudio', () => {
  it('bundles the page script and keeps the page and the styles', () => {
    // Assess
    for (const file of Object.values(STUDIO_FILES)) expect(assets.has(file)).toBe(true);
    const script = assets.get(STUDIO_FILES.script)!.body.toString();
    expect(script).toContain('/v1/think');
    expect(script).not.toMatch(/from\s*["']\.\.?\//); // one bundle, no relative imports left
    expect(script).not.toMatch(/https?:\/\/(cdn|unpkg|esm\.sh)/);
    expect(assets.get(STUDIO_FILES.page)!.body.toString()).toContain(
      '<script type="module" src="studio.js">',
    );
  });
});

describe('the studio route', () => {
  it('serves the page at / with the local key for a loopback host, and a CSP', async () => {
    // Act
    const page = await get('/', { host: server.url!.slice('http://'.length) });

    // Assess
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain(`<meta name="tbd-api-key" content="${KEY}">`);
    expect(page.headers['content-security-policy']).toBe(contentSecurityPolicy([S3]));
    expect(page.headers['cache-control']).toBe('no-store');
  });

  it('gives no key to a page requested under another host name (DNS rebinding)', async () => {
    // Act
    const page = await get('/index.html', { host: 'attacker.example:3000' });

    // Assess
    expect(page.status).toBe(200);
    expect(page.body).toContain('<meta name="tbd-api-key" content="">');
    expect(page.body).not.toContain(KEY);
  });

  it('serves the script with an ETag and answers 304 when it did not change', async () => {
    // Act
    const first = await get('/studio.js');
    const again = await get('/studio.js', { 'if-none-match': String(first.headers.etag) });

    // Assess
    expect(first.status).toBe(200);
    expect(first.headers['content-type']).toMatch(/^text\/javascript/);
    expect(again.status).toBe(304);
  });

  it('leaves /v1 to the API, and answers JSON 404 / 405 for what it does not serve', async () => {
    // Act
    const api = await get('/v1/anything');
    const missing = await get('/nope.js');
    const post = await get('/', {}, 'POST');

    // Assess
    expect(api.body).toBe('{"v1":true}');
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body).error.name).toBe('NotFound');
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
  });

  it('answers 503 naming the problem when the page does not build', async () => {
    // Prepare
    const broken = createApiServer({
      health: () => ({ status: 'ok' }),
      log: createStackLog({ level: 'silent' }),
    });
    const failure = Promise.reject(new Error('the studio needs esbuild to build its page: run npm install'));
    failure.catch(() => {});
    broken.mount('/', createStudioRoute({ assets: failure, mediaOrigins: [] }));
    await broken.listen(0, '127.0.0.1');

    // Act
    const response = await fetch(`${broken.url}/`);
    await broken.close();

    // Assess
    expect(response.status).toBe(503);
    const body = (await response.json()) as { error: { message: string } };
    expect(body.error.message).toMatch(/esbuild/);
  });
});

describe('isLoopbackHost', () => {
  it.each([
    ['127.0.0.1:3000', true],
    ['localhost:3000', true],
    ['[::1]:3000', true],
    ['localhost', true],
    ['example.com', false],
    ['127.0.0.1.nip.io:3000', false],
    [undefined, false],
  ])('%s -> %s', (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback);
  });
});
