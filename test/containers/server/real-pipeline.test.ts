/**
 * The whole container path, natively: startSampler (the composition root `serve` uses) with the
 * real Draw pipeline, the bundled ONNX prior and the face model, inputs in s3rver. One job of a
 * few seconds of speech at a small frame size; the MP4 must land at the output key.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type RunningSampler,
  startSampler,
} from '../../../containers/gpu-sampler/src/server/start-sampler.js';
import { DrawResultSchema } from '../../../core/contracts/draw-request.js';
import { type RunningS3rver, startS3rver } from '../../helpers/s3rver.js';
import { baseUrl, drawRequest, get, memoryLog, post, samplePlan } from './fakes.js';

const EXAMPLES = new URL('../../../examples/', import.meta.url);

let s3: RunningS3rver;
let sampler: RunningSampler;
const log = memoryLog();

beforeAll(async () => {
  s3 = await startS3rver();
  sampler = await startSampler({
    env: { ...s3.env },
    config: { host: '127.0.0.1', port: 0, providers: ['cpu'] },
    log,
  });
  await sampler.server.ready;
  const plan = JSON.stringify(await samplePlan());
  for (const jobId of ['real-1', 'real-bad-portrait']) {
    const portrait =
      jobId === 'real-1'
        ? await readFile(new URL('portrait-astronaut.png', EXAMPLES))
        : new TextEncoder().encode('GIF89a, or rather: not an image at all');
    await s3.put(`incoming/${jobId}/portrait.png`, portrait, 'image/png');
    await s3.put(
      `incoming/${jobId}/speech.wav`,
      await readFile(new URL('speech-surprise-16k.wav', EXAMPLES)),
    );
    await s3.put(`jobs/${jobId}/plan.json`, plan, 'application/json');
  }
}, 120_000);

afterAll(async () => {
  await sampler?.stop();
  await s3?.stop();
});

describe('the sampler with the real pipeline', () => {
  it('answers /ping 200 once the ONNX prior and the face model are loaded', async () => {
    expect((await get(baseUrl(sampler.address), '/ping')).status).toBe(200);
    const loaded = log.events.find((e) => e.message === 'model loaded');
    expect(loaded?.fields).toMatchObject({ source: 'bundled', provider: 'cpu' });
  });

  it('draws a job: the MP4 lands at the output key with its preview and motion', async () => {
    // Act
    const request = drawRequest('real-1', s3.bucket, { options: { seed: 7, steps: 8, size: 256, fps: 25 } });
    const reply = await post(baseUrl(sampler.address), request);

    // Assess
    expect(reply.status, JSON.stringify(log.events.filter((e) => e.level === 'error'))).toBe(200);
    const result = DrawResultSchema.parse(reply.json);
    expect(result.outputs.video).toBe(`s3://${s3.bucket}/outgoing/real-1/video.mp4`);
    expect(result.seed).toBe(7);
    expect(result.frames).toBeGreaterThan(25);
    expect(result.durationSec).toBeGreaterThan(1);
    const video = await s3.get('outgoing/real-1/video.mp4');
    expect(new TextDecoder().decode(video!.subarray(4, 8))).toBe('ftyp');
    const preview = await s3.get('outgoing/real-1/preview.png');
    expect([...preview!.subarray(1, 4)]).toEqual([0x50, 0x4e, 0x47]);
    const motion = JSON.parse(new TextDecoder().decode(await s3.get('outgoing/real-1/motion.json')));
    expect(motion).toBeTypeOf('object');
  }, 180_000);

  it('refuses a portrait that is not an image with 422 naming the portrait, writing nothing', async () => {
    const reply = await post(
      baseUrl(sampler.address),
      drawRequest('real-bad-portrait', s3.bucket, {
        options: { steps: 4, size: 128 },
      }),
    );
    expect(reply.status, JSON.stringify(reply.json)).toBe(422);
    expect(reply.json.error).toMatchObject({ name: 'UnsupportedImageError', field: 'portrait' });
    expect(reply.json.error.message).toMatch(/portrait\.png/);
    expect(await s3.list('outgoing/real-bad-portrait/')).toEqual([]);
  }, 180_000);
});
