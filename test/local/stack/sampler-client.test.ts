/** SamplerClient against a stand-in sampler on loopback: answers, container errors, outages, cuts. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { DrawRequest } from '../../../core/contracts/draw-request.js';
import { SamplerCallError } from '../../../local/stack/errors.js';
import { SamplerClient } from '../../../local/stack/sampler-client.js';

const REQUEST: DrawRequest = {
  jobId: 'clip-1',
  portrait: 's3://tbd/incoming/clip/portrait.png',
  audio: 's3://tbd/incoming/clip/speech.wav',
  plan: 's3://tbd/jobs/clip-1/plan.json',
  output: 's3://tbd/jobs/clip-1/draw/',
};

let server: Server | undefined;

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function sampler(answer: (req: IncomingMessage, res: ServerResponse, body: string) => void) {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => answer(req, res, body));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

describe('SamplerClient', () => {
  it('posts the DrawRequest to /invocations and returns the answer', async () => {
    // Prepare
    let seen: { method?: string; url?: string; body?: unknown } = {};
    const url = await sampler((req, res, body) => {
      seen = { method: req.method, url: req.url, body: JSON.parse(body) };
      json(res, 200, { jobId: 'clip-1', frames: 50 });
    });
    let waited = false;
    const client = new SamplerClient({
      url: `${url}/`,
      beforeCall: async () => {
        waited = true;
      },
    });

    // Act
    const answer = await client.draw(REQUEST);

    // Assess
    expect(waited).toBe(true);
    expect(seen).toEqual({ method: 'POST', url: '/invocations', body: REQUEST });
    expect(answer).toEqual({ jobId: 'clip-1', frames: 50 });
  });

  it("throws the container's error by name, and its busy 503 as TransientError", async () => {
    // Prepare
    let status = 422;
    let name = 'NoFaceError';
    const url = await sampler((_req, res) =>
      json(res, status, { error: { name, message: `${name} happened`, status } }),
    );
    const client = new SamplerClient({ url });

    // Act
    const refused = await client.draw(REQUEST).catch((error: Error) => error);
    status = 503;
    name = 'ServerBusyError';
    const busy = await client.draw(REQUEST).catch((error: Error) => error);

    // Assess
    expect(refused).toMatchObject({ name: 'NoFaceError', message: 'NoFaceError happened' });
    expect(busy).toMatchObject({
      name: 'TransientError',
      message: 'ServerBusyError: ServerBusyError happened',
    });
  });

  it('maps a 5xx without an error body to SamplerFaultError (retried once), a 4xx to DrawFailedError', async () => {
    // Prepare
    let status = 500;
    const url = await sampler((_req, res) => {
      res.writeHead(status);
      res.end('oops');
    });
    const client = new SamplerClient({ url });

    // Act
    const crashed = await client.draw(REQUEST).catch((e: Error) => e);
    status = 400;
    const refused = await client.draw(REQUEST).catch((e: Error) => e);

    // Assess
    expect(crashed).toMatchObject({
      name: 'SamplerFaultError',
      message: 'the sampler failed without an error body: the sampler answered HTTP 500',
    });
    expect(refused).toMatchObject({ name: 'DrawFailedError', message: 'the sampler answered HTTP 400' });
  });

  it('throws TransientError when nothing answers (the Draw state retries it)', async () => {
    const url = await sampler(() => {});
    const port = (server!.address() as AddressInfo).port;
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
    const error = await new SamplerClient({ url: `http://127.0.0.1:${port}` })
      .draw(REQUEST)
      .catch((e: Error) => e);
    expect(error).toMatchObject({ name: 'TransientError' });
    expect((error as Error).message).toContain(url);
  });

  it('cuts pending calls on abortAll', async () => {
    // Prepare
    let hungUp = false;
    const url = await sampler((_req, res) => {
      res.on('close', () => {
        hungUp = true;
      });
    });
    const client = new SamplerClient({ url });
    const call = client.draw(REQUEST).catch((e: Error) => e);
    await new Promise((resolve) => setTimeout(resolve, 50));

    // Act
    client.abortAll();
    const error = await call;

    // Assess
    expect(error).toBeInstanceOf(SamplerCallError);
    expect(client.pending).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(hungUp).toBe(true);
  });
});
