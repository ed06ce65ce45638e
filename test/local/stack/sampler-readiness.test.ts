/** waitForSampler against a stand-in sampler on loopback: loading, ready, gone, cut off. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { SamplerCallError } from '../../../local/stack/errors.js';
import { waitForSampler } from '../../../local/stack/sampler-readiness.js';

let server: Server | undefined;

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** A sampler whose /ping answers 503 `loadingPings` times, then 200. */
async function sampler(loadingPings: number) {
  let pings = 0;
  server = createServer((req, res) => {
    if (req.url !== '/ping') return res.writeHead(404).end();
    pings += 1;
    res.writeHead(pings > loadingPings ? 200 : 503).end();
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, pings: () => pings };
}

describe('waitForSampler', () => {
  it('resolves once GET /ping answers 200', async () => {
    // Prepare
    const loading = await sampler(3);

    // Act
    await waitForSampler(loading.url, { intervalMs: 10, timeoutMs: 5000 });

    // Assess
    expect(loading.pings()).toBe(4);
  });

  it('fails with a TransientError saying what it saw when the sampler stays unready', async () => {
    // Prepare
    const loading = await sampler(Number.POSITIVE_INFINITY);

    // Act
    const error = await waitForSampler(loading.url, { intervalMs: 20, timeoutMs: 200 }).catch(
      (e: Error) => e,
    );

    // Assess
    expect(error).toMatchObject({
      name: 'TransientError',
      message: `the sampler at ${loading.url} was not ready within 200 ms (GET /ping answered HTTP 503)`,
    });
    expect(loading.pings()).toBeGreaterThan(1);
  });

  it('names the connection error when nothing listens', async () => {
    // Prepare: a port that was just closed
    const gone = await sampler(0);
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;

    // Act
    const error = await waitForSampler(gone.url, { intervalMs: 20, timeoutMs: 100 }).catch((e: Error) => e);

    // Assess
    expect(error).toMatchObject({ name: 'TransientError', message: expect.stringContaining('ECONNREFUSED') });
  });

  it('stops waiting when its signal fires', async () => {
    // Prepare
    const loading = await sampler(Number.POSITIVE_INFINITY);
    const controller = new AbortController();

    // Act
    const waiting = waitForSampler(loading.url, {
      intervalMs: 10_000,
      timeoutMs: 60_000,
      signal: controller.signal,
    });
    setImmediate(() => controller.abort());
    const error = await waiting.catch((e: Error) => e);

    // Assess
    expect(error).toBeInstanceOf(SamplerCallError);
  });
});
