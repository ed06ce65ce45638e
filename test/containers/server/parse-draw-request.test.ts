import { describe, expect, it } from 'vitest';
import {
  RequestBodyError,
  RequestValidationError,
} from '../../../containers/gpu-sampler/src/server/errors.js';
import { parseDrawRequest } from '../../../containers/gpu-sampler/src/server/parse-draw-request.js';
import { drawRequest } from './fakes.js';

function issuesOf(body: unknown): { path: string; message: string }[] {
  try {
    parseDrawRequest(JSON.stringify(body));
  } catch (error) {
    if (error instanceof RequestValidationError) return [...error.issues];
    throw error;
  }
  throw new Error('expected a RequestValidationError');
}

describe('parseDrawRequest', () => {
  it('accepts a complete request with options', () => {
    const request = drawRequest('job-1', 'tbd', {
      options: { seed: 1, steps: 30, size: 512, fps: 25, crop: 'full', intensity: 1.2, sampler: 'ddim' },
    });
    expect(parseDrawRequest(JSON.stringify(request))).toEqual(request);
  });

  it('accepts a progress document URI, and refuses a prefix there', () => {
    const request = drawRequest('job-1', 'tbd', { progress: 's3://tbd/jobs/job-1/progress.json' });
    expect(parseDrawRequest(JSON.stringify(request)).progress).toBe('s3://tbd/jobs/job-1/progress.json');
    expect(issuesOf({ ...request, progress: 's3://tbd/jobs/job-1/' })).toEqual([
      { path: 'progress', message: 'must name an object, not a prefix ending in "/"' },
    ]);
  });

  it('accepts the bucket root as the output prefix', () => {
    const request = drawRequest('job-1', 'tbd', { output: 's3://tbd/' });
    expect(parseDrawRequest(JSON.stringify(request)).output).toBe('s3://tbd/');
  });

  it('lists every problem with its path', () => {
    const { audio: _audio, ...rest } = drawRequest('job-1');
    const issues = issuesOf({
      ...rest,
      plan: 's3://tbd/',
      options: { steps: 0, sampler: 'euler' },
      extra: 1,
    });
    expect(issues).toEqual([
      { path: 'audio', message: 'required (string)' },
      { path: 'plan', message: 'must name an object, not a prefix ending in "/"' },
      { path: 'options.steps', message: expect.stringMatching(/>=\s*1/) },
      { path: 'options.sampler', message: expect.stringMatching(/dpmpp-2m.*ddim/) },
      {
        path: 'extra',
        message: 'unknown field; accepted: jobId, portrait, audio, plan, options, output, progress',
      },
    ]);
  });

  it('says the body must be an object when it is not', () => {
    expect(issuesOf([1, 2])[0]).toEqual({
      path: '',
      message: expect.stringMatching(/must be a JSON object/),
    });
  });

  it.each([
    ['empty', ''],
    ['blank', ' \n'],
    ['truncated', '{"jobId":'],
  ])('raises RequestBodyError for a %s body', (_what, body) => {
    expect(() => parseDrawRequest(body)).toThrow(RequestBodyError);
  });

  it('refuses bucket names S3 does not allow', () => {
    expect(issuesOf(drawRequest('j', 'Bad_Bucket'))[0]?.message).toMatch(/must be an S3 object URI/);
  });
});
