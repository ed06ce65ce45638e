/**
 * Fault: the sampler fails without its error body, once (the process died and whatever stood in
 * front of it answered a bare 500, as a SageMaker endpoint does for a crashed container). The
 * stack calls an external sampler through a loopback HTTP front that answers the first
 * `POST /invocations` with an empty 500 and passes everything else on.
 *
 * Without our body the failure is taken for a sampler fault (`SamplerFaultError`), which the
 * Draw state retries once: the job then succeeds with one set of outputs.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSampler } from '../../../containers/gpu-sampler/src/server/start-sampler.js';
import { memoryStackLog } from '../../local/stack/stack-fixtures.js';
import {
  DRAW_OUTPUTS,
  dropTinyJob,
  expectInputsUntouched,
  type FaultStack,
  filesUnder,
  finalStatusOf,
  freePort,
  OUTGOING_SUCCESS,
  pipelineRunDraw,
  retriesOf,
  startExternalSampler,
  startFaultStack,
} from './fault-fixtures.js';

/** An HTTP front of the sampler whose first `bareFailures` draw calls get an empty 500. */
async function startBareFailureFront(samplerPort: number, bareFailures: number) {
  let failed = 0;
  const server: Server = createServer((req, res) => {
    if (req.method === 'POST' && req.url === '/invocations' && failed < bareFailures) {
      failed += 1;
      req.resume();
      req.on('end', () => {
        res.writeHead(500, { 'content-length': 0 });
        res.end();
      });
      return;
    }
    const upstream = httpRequest(
      { host: '127.0.0.1', port: samplerPort, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', (error) => res.destroy(error));
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    failed: () => failed,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

describe('fault: the sampler fails once without an error body', () => {
  let dataDir: string;
  let fault: FaultStack;
  let sampler: RunningSampler;
  let front: Awaited<ReturnType<typeof startBareFailureFront>>;
  let draws = 0;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'tbd-fault-bare-'));
    const port = await freePort();
    front = await startBareFailureFront(port, 1);
    fault = await startFaultStack(dataDir, { sampler: { url: front.url, readyTimeoutMs: 30_000 } });
    const real = await pipelineRunDraw();
    sampler = await startExternalSampler({
      port,
      s3Endpoint: fault.stack.s3Endpoint,
      log: memoryStackLog(),
      runDraw: (inputs, outDir, deps) => {
        draws += 1;
        return real(inputs, outDir, deps);
      },
    });
  });

  afterAll(async () => {
    await fault?.close();
    await sampler?.stop();
    await front?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('retries it as a sampler fault; the second call draws and the job succeeds', async () => {
    // Act
    const job = await dropTinyJob(fault.s3, 'bare');
    const status = await finalStatusOf(fault, 'bare');

    // Assess: one bare 500 (never reached the sampler), one retry, one draw
    expect(front.failed()).toBe(1);
    expect(draws).toBe(1);
    expect(retriesOf(fault.log, status.jobId)).toEqual([
      {
        state: 'Draw',
        error: expect.stringMatching(
          /^"SamplerFaultError: the sampler failed without an error body: the sampler answered HTTP 500"$/,
        ),
      },
    ]);
    expect(status).toMatchObject({ stage: 'succeeded' });
    expect(await filesUnder(fault.s3, `jobs/${status.jobId}/draw/`)).toEqual([...DRAW_OUTPUTS]);
    expect(await filesUnder(fault.s3, 'outgoing/bare/')).toEqual([...OUTGOING_SUCCESS]);
    await expectInputsUntouched(fault.s3, job);
  }, 60_000);
});
