/**
 * POST /invocations end to end over HTTP: the real server on a free loopback port, inputs and
 * outputs in a real S3 API (s3rver), the Draw pipeline replaced by a scripted fake.
 */
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { FaceModelError, UnsupportedImageError } from '../../../containers/gpu-sampler/src/face/errors.js';
import { DrawErrorBodySchema, DrawResultSchema } from '../../../core/contracts/draw-request.js';
import { drawRequest, FAKE_MP4, FAKE_PNG, fakeRunner, get, post } from './fakes.js';
import { type Harness, startHarness } from './harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

describe('POST /invocations', () => {
  it('draws a job and publishes video.mp4, preview.png and motion.json under the output prefix', async () => {
    // Prepare
    const runner = fakeRunner();
    harness = await startHarness({ runDraw: runner.runDraw });
    await harness.seed('job-1');
    const request = drawRequest('job-1', 'tbd', { options: { seed: 42, size: 256, crop: 'face' } });

    // Act
    const reply = await post(harness.base, request);

    // Assess
    expect(reply.status).toBe(200);
    const result = DrawResultSchema.parse(reply.json);
    expect(result).toMatchObject({
      jobId: 'job-1',
      outputs: {
        video: 's3://tbd/outgoing/job-1/video.mp4',
        preview: 's3://tbd/outgoing/job-1/preview.png',
        motion: 's3://tbd/outgoing/job-1/motion.json',
      },
      durationSec: 2,
      frames: 50,
      fps: 25,
      seed: 42,
      modelId: 'fake-model@1',
    });
    for (const stage of [
      'fetchMs',
      'queueMs',
      'motionMs',
      'renderMs',
      'encodeMs',
      'publishMs',
      'requestMs',
    ]) {
      expect(Number.isInteger(result.timings[stage]), stage).toBe(true);
    }
    expect(result.timings.motionMs).toBe(3);
    expect(await harness.s3.get('outgoing/job-1/video.mp4')).toEqual(FAKE_MP4);
    expect(await harness.s3.get('outgoing/job-1/preview.png')).toEqual(FAKE_PNG);
    expect(await harness.s3.list('outgoing/')).toEqual([
      'outgoing/job-1/motion.json',
      'outgoing/job-1/preview.png',
      'outgoing/job-1/video.mp4',
    ]);
    const call = runner.calls[0]!;
    expect(call.inputs.portrait).toStrictEqual(FAKE_PNG);
    expect(call.inputs.portraitName).toBe('portrait.png');
    expect(call.inputs.audioName).toBe('speech.wav');
    expect(call.inputs.plan.prompt).toBe('pleased at first, then quietly hurt');
    expect(call.inputs.options).toEqual({ seed: 42, size: 256, crop: 'face' });
    expect(call.deps.denoiser.spec.id).toBe('fake-model@1');
    expect(existsSync(call.outDir)).toBe(false); // the scratch directory is gone
    expect(harness.log.messages()).toEqual(
      expect.arrayContaining(['job accepted', 'job started', 'job stage', 'job succeeded']),
    );
  });

  it('never leaves inputs modified and writes nothing when the pipeline fails (500, generic message)', async () => {
    // Prepare
    harness = await startHarness({
      runDraw: fakeRunner({ error: new Error('CUDA out of memory at 0x7f') }).runDraw,
    });
    await harness.seed('job-2');

    // Act
    const reply = await post(harness.base, drawRequest('job-2'));

    // Assess
    expect(reply.status).toBe(500);
    const body = DrawErrorBodySchema.parse(reply.json);
    expect(body.error).toMatchObject({ name: 'Error', status: 500, jobId: 'job-2' });
    expect(body.error.message).not.toContain('CUDA'); // internals stay in the log
    expect(await harness.s3.list('outgoing/')).toEqual([]);
    expect(await harness.s3.list('incoming/job-2/')).toHaveLength(2);
    const failed = harness.log.events.find((e) => e.message === 'job failed');
    expect(failed?.fields).toMatchObject({
      jobId: 'job-2',
      status: 500,
      errorMessage: 'CUDA out of memory at 0x7f',
    });
    expect(failed?.fields.stack).toEqual(expect.any(String));
  });

  it('rolls back the outputs already written when a later write fails: nothing partial is visible', async () => {
    // Prepare: a client whose PutObject of video.mp4 fails, after motion.json and preview.png were put
    harness = await startHarness({
      s3: (s3rver) => {
        const client = s3rver.createClient();
        client.middlewareStack.add(
          (next, context) => async (args) => {
            const key = (args.input as { Key?: string }).Key ?? '';
            if (context.commandName === 'PutObjectCommand' && key.endsWith('video.mp4')) {
              throw Object.assign(new Error('We encountered an internal error'), { name: 'InternalError' });
            }
            return next(args);
          },
          { step: 'initialize', name: 'failVideoPut' },
        );
        return client;
      },
    });
    await harness.seed('job-3');

    // Act
    const reply = await post(harness.base, drawRequest('job-3'));

    // Assess
    expect(reply.status).toBe(502);
    expect(reply.json.error.name).toBe('ObjectWriteError');
    expect(await harness.s3.list('outgoing/')).toEqual([]);
  });

  it('publishes nothing when the pipeline returns numbers that break the contract (500)', async () => {
    harness = await startHarness({ runDraw: fakeRunner({ outputs: { frames: -1, fps: 0 } }).runDraw });
    await harness.seed('job-bad-result');
    const reply = await post(harness.base, drawRequest('job-bad-result'));
    expect(reply.status).toBe(500);
    expect(reply.json.error.name).toBe('RunnerOutputError');
    expect(await harness.s3.list('outgoing/')).toEqual([]);
    const failed = harness.log.events.find((e) => e.message === 'job failed');
    expect(failed?.fields.errorMessage).toMatch(/frames: .*; fps: /);
  });

  it('passes the pipeline warnings on', async () => {
    const warnings = ['2 faces found; using the largest'];
    harness = await startHarness({ runDraw: fakeRunner({ outputs: { warnings } }).runDraw });
    await harness.seed('job-warn');
    const reply = await post(harness.base, drawRequest('job-warn'));
    expect(reply.json.warnings).toEqual(warnings);
  });

  it.each([
    ['a missing field', { portrait: undefined }, 'portrait', /portrait: required/],
    ['an unknown field', { colour: 'blue' }, 'colour', /colour: unknown field; accepted: jobId, portrait/],
    ['an unknown option', { options: { steps: 10, cfg: 3 } }, 'options.cfg', /options\.cfg: unknown field/],
    ['an odd frame size', { options: { size: 255 } }, 'options.size', /options\.size: must be even/],
    ['a non-S3 URI', { audio: 'https://example.com/a.wav' }, 'audio', /audio: must be an S3 object URI/],
    [
      'an output that is not a prefix',
      { output: 's3://tbd/out/video.mp4' },
      'output',
      /output: must end in "\/"/,
    ],
    ['a bad job id', { jobId: '../etc' }, 'jobId', /jobId: must be 1-128 letters/],
  ])('refuses %s with 400 naming the field', async (_what, change, field, message) => {
    // Prepare
    const runner = fakeRunner();
    harness = await startHarness({ runDraw: runner.runDraw });
    const request = { ...drawRequest('job-4'), ...change };

    // Act
    const reply = await post(harness.base, request);

    // Assess
    expect(reply.status).toBe(400);
    expect(reply.json.error).toMatchObject({ name: 'RequestValidationError', field, status: 400 });
    expect(reply.json.error.message).toMatch(message);
    expect(reply.json.error.issues[0].path).toBe(field);
    expect(runner.calls).toHaveLength(0);
  });

  it('refuses a body that is not JSON with 400', async () => {
    harness = await startHarness();
    const reply = await post(harness.base, undefined, { raw: '{"jobId": "x",' });
    expect(reply.status).toBe(400);
    expect(reply.json.error.name).toBe('RequestBodyError');
    expect(reply.json.error.message).toMatch(/not valid JSON/);
  });

  it('refuses a body over the default 1 MB limit with 413', async () => {
    // Prepare
    const runner = fakeRunner();
    harness = await startHarness({ runDraw: runner.runDraw });
    const request = { ...drawRequest('job-5'), note: 'x'.repeat(3 * 1024 * 1024) };

    // Act
    const reply = await post(harness.base, request);

    // Assess
    expect(reply.status).toBe(413);
    expect(reply.json.error.name).toBe('RequestTooLargeError');
    expect(reply.json.error.message).toMatch(
      /request body is \d+ bytes, over the 1048576-byte limit \(TBD_MAX_BODY_BYTES\)/,
    );
    expect(reply.headers.get('connection')).toBe('close');
    expect(runner.calls).toHaveLength(0);
    expect((await get(harness.base, '/ping')).status).toBe(200); // the server is fine
  });

  it('refuses an oversized body sent without a length (chunked) with 413', async () => {
    harness = await startHarness({ config: { maxBodyBytes: 1000 } });
    const chunk = new TextEncoder().encode('x'.repeat(600));
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 4; i++) controller.enqueue(chunk);
        controller.close();
      },
    });
    const res = await fetch(`${harness.base}/invocations`, {
      method: 'POST',
      body,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { name: string } }).error.name).toBe('RequestTooLargeError');
  });

  it('answers 404 naming the field when an input key does not exist', async () => {
    // Prepare: no audio uploaded
    harness = await startHarness();
    await harness.seed('job-6');
    const request = drawRequest('job-6', 'tbd', { audio: 's3://tbd/incoming/job-6/missing.wav' });

    // Act
    const reply = await post(harness.base, request);

    // Assess
    expect(reply.status).toBe(404);
    expect(reply.json.error).toMatchObject({ name: 'ObjectNotFoundError', field: 'audio', jobId: 'job-6' });
    expect(reply.json.error.message).toBe('audio s3://tbd/incoming/job-6/missing.wav does not exist');
  });

  it('answers 404 for an input in a bucket that does not exist', async () => {
    harness = await startHarness();
    await harness.seed('job-7');
    const reply = await post(
      harness.base,
      drawRequest('job-7', 'tbd', { plan: 's3://nope-bucket/plan.json' }),
    );
    expect(reply.status).toBe(404);
    expect(reply.json.error.field).toBe('plan');
    expect(reply.json.error.message).toMatch(/no such bucket/);
  });

  it('answers 413 naming the field when an input object is over its size limit', async () => {
    harness = await startHarness({ config: { maxPortraitBytes: 4 } });
    await harness.seed('job-8');
    const reply = await post(harness.base, drawRequest('job-8'));
    expect(reply.status).toBe(413);
    expect(reply.json.error).toMatchObject({ name: 'ObjectTooLargeError', field: 'portrait' });
  });

  it('answers 422 naming the plan when the plan object is not a valid plan', async () => {
    harness = await startHarness();
    await harness.seed('job-9', { plan: '{"schemaVersion": 1}' });
    const reply = await post(harness.base, drawRequest('job-9'));
    expect(reply.status).toBe(422);
    expect(reply.json.error).toMatchObject({ name: 'PlanValidationError', field: 'plan' });
    expect(reply.json.error.message).toMatch(/invalid expression plan: /);
  });

  it('answers 422 naming the portrait when the pipeline says it is not an image', async () => {
    const error = new UnsupportedImageError('portrait "portrait.png"');
    harness = await startHarness({ runDraw: fakeRunner({ error }).runDraw });
    await harness.seed('job-10', { portrait: new TextEncoder().encode('not an image') });
    const reply = await post(harness.base, drawRequest('job-10'));
    expect(reply.status).toBe(422);
    expect(reply.json.error).toMatchObject({ name: 'UnsupportedImageError', field: 'portrait' });
    expect(reply.json.error.message).toMatch(/use PNG, JPEG or WebP/);
    expect(await harness.s3.list('outgoing/')).toEqual([]);
  });

  it('treats a face-model failure as ours (500), although it is a PortraitError', async () => {
    harness = await startHarness({
      runDraw: fakeRunner({ error: new FaceModelError('wasm missing') }).runDraw,
    });
    await harness.seed('job-11');
    const reply = await post(harness.base, drawRequest('job-11'));
    expect(reply.status).toBe(500);
    expect(reply.json.error.name).toBe('FaceModelError');
    expect(reply.json.error.message).not.toMatch(/wasm/);
  });

  it('answers 404 and 405 for other paths and methods', async () => {
    harness = await startHarness();
    const missing = await get(harness.base, '/predict');
    const wrongMethod = await get(harness.base, '/invocations');
    expect(missing.status).toBe(404);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
  });
});
