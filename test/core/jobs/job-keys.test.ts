import { describe, expect, it } from 'vitest';
import { JobKeyError } from '../../../core/jobs/errors.js';
import {
  incomingKey,
  isUnder,
  manifestKey,
  outgoingKey,
  parseManifestKey,
  progressKey,
  statusKey,
  tokenKey,
  workKey,
} from '../../../core/jobs/job-keys.js';
import { PipelineInputSchema, pipelineInputFor } from '../../../core/jobs/pipeline-input.js';
import { validPlan } from '../plan/fixtures.js';

describe('storage layout', () => {
  it.each([
    ['incoming/clip-1/job.json', { name: 'clip-1' }],
    ['incoming/team/clip 2/job.json', { name: 'team/clip 2' }],
    ['tenants/acme/incoming/j-42/job.json', { name: 'j-42', tenant: 'acme' }],
  ])('parses the manifest key %s', (key, ref) => {
    // Act
    const parsed = parseManifestKey(key);

    // Assess
    expect(parsed).toEqual({ ref });
    if ('ref' in parsed) expect(manifestKey(parsed.ref)).toBe(key);
  });

  it.each([
    'incoming/job.json',
    'incoming/clip/portrait.png',
    'outgoing/clip/job.json',
    'incoming/a/../b/job.json',
    'incoming/a//b/job.json',
    'tenants/bad tenant/incoming/x/job.json',
    'jobs/x/job.json',
  ])('refuses %s as a manifest key', (key) => {
    expect(parseManifestKey(key)).toHaveProperty('problem');
  });

  it('resolves media keys inside the job folder and refuses escapes', () => {
    const ref = { name: 'team/clip-1' };
    expect(incomingKey(ref, 'media/portrait.png')).toBe('incoming/team/clip-1/media/portrait.png');
    expect(() => incomingKey(ref, '../x.png')).toThrow(JobKeyError);
  });

  it('puts tenant folders under tenants/<tenant>/ and work files at the root', () => {
    const ref = { name: 'j-1', tenant: 'acme' };
    expect(outgoingKey(ref, 'result.json')).toBe('tenants/acme/outgoing/j-1/result.json');
    expect(statusKey('job-abc')).toBe('jobs/job-abc/status.json');
    expect(workKey('job-abc', 'draw/')).toBe('jobs/job-abc/draw/');
    expect(progressKey('job-abc')).toBe('jobs/job-abc/progress.json');
    expect(tokenKey('tbd-123')).toBe('jobs/_tokens/tbd-123.json');
    expect(isUnder('jobs/a/', 'jobs/a/x')).toBe(true);
    expect(isUnder('jobs/a/', 'jobs/ab/x')).toBe(false);
    expect(isUnder('jobs/a/', 'jobs/a/')).toBe(false);
  });

  it('builds the execution input with every path the definition reads', () => {
    // Prepare
    const manifest = {
      portrait: 'p.png',
      audio: 's.wav',
      emotion: 'calm',
      options: { seed: 3, size: 256, reasoner: 'facs' as const },
    };

    // Act
    const input = pipelineInputFor('clip-0123', { name: 'clip' }, manifest);

    // Assess
    expect(input).toEqual({
      jobId: 'clip-0123',
      job: { name: 'clip' },
      emotion: 'calm',
      portraitKey: 'incoming/clip/p.png',
      audioKey: 'incoming/clip/s.wav',
      thinkOptions: { reasoner: 'facs' },
      drawOptions: { seed: 3, size: 256 },
    });
    expect(pipelineInputFor('c-1', { name: 'c' }, { ...manifest, options: undefined })).toMatchObject({
      thinkOptions: {},
      drawOptions: {},
    });
  });

  it("carries the manifest's user plan to Think as options.plan", () => {
    // Prepare
    const plan = validPlan();
    const manifest = { portrait: 'p.png', audio: 's.wav', emotion: 'calm', plan };

    // Act
    const input = pipelineInputFor('c-1', { name: 'c', tenant: 'acme' }, manifest);
    const withReasoner = pipelineInputFor(
      'c-2',
      { name: 'c' },
      { ...manifest, options: { reasoner: 'facs' } },
    );

    // Assess
    expect(input.thinkOptions).toEqual({ plan });
    expect(withReasoner.thinkOptions).toEqual({ reasoner: 'facs', plan });
    expect(PipelineInputSchema.parse(input)).toEqual(input);
    expect(input.drawOptions).toEqual({});
  });
});
