/**
 * A sampler server on a free loopback port over a real S3 API (s3rver), with a fake runner and an
 * in-memory log: start one per test (or per file), seed a job's inputs, drive it over HTTP.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { RunDraw } from '../../../containers/gpu-sampler/src/server/draw-runner.js';
import {
  createSamplerServer,
  type SamplerServer,
} from '../../../containers/gpu-sampler/src/server/sampler-server.js';
import type { ServerConfig } from '../../../containers/gpu-sampler/src/server/server-config.js';
import type { Denoiser } from '../../../core/contracts/denoiser-model.js';
import { type RunningS3rver, startS3rver } from '../../helpers/s3rver.js';
import { baseUrl, FAKE_PNG, fakeDenoiser, fakeRunner, memoryLog, samplePlan } from './fakes.js';

export interface HarnessOptions {
  readonly runDraw?: RunDraw;
  readonly config?: Partial<ServerConfig>;
  readonly denoiser?: Denoiser | (() => Promise<Denoiser>);
  /** Use this S3 client in the server instead of the helper's (e.g. one with a fault injected). */
  readonly s3?: (s3rver: RunningS3rver) => S3Client;
}

export interface Harness {
  readonly s3: RunningS3rver;
  readonly server: SamplerServer;
  readonly base: string;
  readonly log: ReturnType<typeof memoryLog>;
  /** Puts a portrait, a speech file and a plan where `drawRequest(jobId)` points. */
  seed(jobId: string, inputs?: { portrait?: Uint8Array; audio?: Uint8Array; plan?: string }): Promise<void>;
  stop(): Promise<void>;
}

/** Speech bytes for the fake runner, which never decodes them (the real pipeline test uses a WAV). */
export const FAKE_WAV = new TextEncoder().encode('RIFF$\0\0\0WAVEfmt not decoded by the fake runner');

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const s3 = await startS3rver();
  const log = memoryLog();
  const server = createSamplerServer({
    runDraw: options.runDraw ?? fakeRunner().runDraw,
    denoiser: options.denoiser ?? fakeDenoiser(),
    s3: options.s3 ? options.s3(s3) : s3.client,
    log,
    config: { host: '127.0.0.1', port: 0, ...options.config },
  });
  const address = await server.listen();
  const planText = JSON.stringify(await samplePlan());
  return {
    s3,
    server,
    base: baseUrl(address),
    log,
    async seed(jobId, inputs = {}) {
      await s3.put(`incoming/${jobId}/portrait.png`, inputs.portrait ?? FAKE_PNG, 'image/png');
      await s3.put(`incoming/${jobId}/speech.wav`, inputs.audio ?? FAKE_WAV, 'audio/wav');
      await s3.put(`jobs/${jobId}/plan.json`, inputs.plan ?? planText, 'application/json');
    },
    async stop() {
      await server.drain();
      await s3.stop();
    },
  };
}
