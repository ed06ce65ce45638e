import { describe, expect, it } from 'vitest';
import { FaceModelError, NoFaceError } from '../../../containers/gpu-sampler/src/face/errors.js';
import { toErrorResponse } from '../../../containers/gpu-sampler/src/server/error-response.js';
import {
  JobTimeoutError,
  RequestTooLargeError,
  ServerDrainingError,
} from '../../../containers/gpu-sampler/src/server/errors.js';
import {
  ObjectAccessError,
  ObjectNotFoundError,
  ObjectReadError,
} from '../../../containers/gpu-sampler/src/storage/errors.js';
import { EmotionTextError, PlanError, UnknownActionUnitError } from '../../../core/plan/errors.js';
import { AudioDecoderError, AudioTooLongError, CorruptAudioError } from '../../../core/speech/errors.js';

describe('toErrorResponse', () => {
  it.each([
    [new NoFaceError('portrait "a.png"', 10, 10), 422, 'portrait'],
    [new CorruptAudioError('no data chunk', { fileName: 'a.wav' }), 422, 'audio'],
    [new AudioTooLongError(75, 60), 422, 'audio'],
    [new PlanError('plan s3://tbd/p.json is not valid UTF-8 JSON'), 422, 'plan'],
    [new UnknownActionUnitError([99], [1, 2]), 422, 'plan'],
    [new EmotionTextError('empty', 'the text is empty', 500), 422, 'plan'],
    [new ObjectNotFoundError('s3://tbd/a', 'key', { label: 'portrait' }), 404, 'portrait'],
    [new ObjectAccessError('s3://x/a', 'read', { label: 'audio' }), 403, 'audio'],
    [new RequestTooLargeError(2e6, 1e6), 413, undefined],
  ])('maps the caller fault %s to %i naming %s, with its message', (error, status, field) => {
    const { status: got, body, fault } = toErrorResponse(error, 'job-1');
    expect(got).toBe(status);
    expect(fault).toBe(false);
    expect(body.error.field).toBe(field);
    expect(body.error.message).toBe(error.message);
    expect(body.error.name).toBe(error.name);
  });

  it.each([
    [new AudioDecoderError('ffmpeg not found'), 500],
    [new FaceModelError('cannot load human'), 500],
    [new ObjectReadError('s3://tbd/a', 'SlowDown: reduce your request rate'), 502],
    [new TypeError('x is undefined'), 500],
  ])('maps our fault %s to %i with a generic message', (error, status) => {
    const { status: got, body, fault } = toErrorResponse(error, 'job-1');
    expect(got).toBe(status);
    expect(fault).toBe(true);
    expect(body.error.message).toBe(
      `internal error (${error.name}) in job job-1; the details are in the sampler's log`,
    );
  });

  it('shows the messages written for 503 and 504, which are not faults', () => {
    expect(toErrorResponse(new ServerDrainingError()).body.error.message).toMatch(/shutting down/);
    expect(toErrorResponse(new ServerDrainingError()).fault).toBe(false);
    expect(toErrorResponse(new JobTimeoutError('j', 900_000, 'render')).body.error).toMatchObject({
      status: 504,
      message: expect.stringMatching(/timed out after 900 s .* "render"/),
    });
  });

  it('copes with a thrown non-Error', () => {
    expect(toErrorResponse('boom').body.error).toMatchObject({ name: 'Error', status: 500 });
  });
});
