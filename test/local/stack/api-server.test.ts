/** The API seam: /healthz now, mounted routes later, JSON errors that expose nothing above 500. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiErrorBodySchema } from '../../../core/contracts/api.js';
import { type ApiServer, createApiServer } from '../../../local/stack/api-server.js';
import { lockDataDir } from '../../../local/stack/data-dir-lock.js';
import { DataDirLockedError } from '../../../local/stack/errors.js';
import { memoryStackLog } from './stack-fixtures.js';

let api: ApiServer | undefined;

afterEach(async () => {
  await api?.close();
  api = undefined;
});

/** GET with the path exactly as given (no client-side normalisation of "..": the server's URL parsing does it). */
function rawGet(base: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method: 'GET' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

async function start(status = 'ok') {
  api = createApiServer({ health: () => ({ status, sampler: 'ready' }), log: memoryStackLog() });
  return api;
}

describe('the API server', () => {
  it('answers GET /healthz with the health report: 200 when ok, 503 otherwise', async () => {
    const ok = await start();
    await ok.listen(0, '127.0.0.1');
    const reply = await fetch(`${ok.url}/healthz`);
    expect(reply.status).toBe(200);
    expect(await reply.json()).toEqual({ status: 'ok', sampler: 'ready' });
    expect((await fetch(`${ok.url}/healthz`, { method: 'POST' })).status).toBe(405);
    await ok.close();

    const stopping = await start('stopping');
    await stopping.listen(0, '127.0.0.1');
    expect((await fetch(`${stopping.url}/healthz`)).status).toBe(503);
  });

  it('routes a mounted prefix to its handler and answers 404 JSON elsewhere', async () => {
    // Prepare
    const server = await start();
    server.mount('/v1', (_req, res, url) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(`v1 saw ${url.pathname}${url.search}`);
    });
    await server.listen(0, '127.0.0.1');

    // Act
    const routed = await fetch(`${server.url}/v1/jobs?limit=2`);
    const exact = await fetch(`${server.url}/v1`);
    const missing = await fetch(`${server.url}/v10/jobs`);

    // Assess
    expect(await routed.text()).toBe('v1 saw /v1/jobs?limit=2');
    expect(await exact.text()).toBe('v1 saw /v1');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      error: { name: 'NotFound', message: 'no route for GET /v10/jobs', status: 404 },
    });
    expect(() => server.mount('/healthz', () => {})).toThrow(/cannot mount/);
  });

  it("answers its own errors with the API's error body shape: name, message and status", async () => {
    // Prepare
    const server = await start();
    server.mount('/v1', () => {
      throw new Error('not reached');
    });
    await server.listen(0, '127.0.0.1');

    // Act: a path that normalises out of /v1 (sent raw: fetch would normalise it first), a wrong method
    const normalised = await rawGet(`${server.url}`, '/v1/../elsewhere/x');
    const wrongMethod = await fetch(`${server.url}/healthz`, { method: 'DELETE' });

    // Assess
    expect(normalised.status).toBe(404);
    expect(ApiErrorBodySchema.parse(JSON.parse(normalised.body))).toEqual({
      error: { name: 'NotFound', message: 'no route for GET /elsewhere/x', status: 404 },
    });
    expect(wrongMethod.status).toBe(405);
    expect(ApiErrorBodySchema.parse(await wrongMethod.json()).error).toMatchObject({
      name: 'MethodNotAllowed',
      status: 405,
    });
  });

  it('answers 500 without details when a route throws', async () => {
    const server = await start();
    server.mount('v1', async () => {
      throw new Error('secret database password in a stack trace');
    });
    await server.listen(0, '127.0.0.1');
    const reply = await fetch(`${server.url}/v1/x`);
    expect(reply.status).toBe(500);
    expect(await reply.json()).toEqual({
      error: { name: 'InternalError', message: 'internal error', status: 500 },
    });
  });
});

describe('the data directory lock', () => {
  it('admits one stack per directory and takes over a stale lock', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tbd-lock-'));
    try {
      const lock = await lockDataDir(dir);
      await expect(lockDataDir(dir)).rejects.toBeInstanceOf(DataDirLockedError);
      await lock.release();
      await writeFile(join(dir, 'serve.pid'), '999999999\n'); // no such process
      const again = await lockDataDir(dir);
      expect(await readFile(again.path, 'utf8')).toBe(`${process.pid}\n`);
      await again.release();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
