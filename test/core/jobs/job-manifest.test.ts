import { describe, expect, it } from 'vitest';
import {
  JobManifestSchema,
  MANIFEST_LIMITS,
  relativeKeyProblem,
} from '../../../core/contracts/job-manifest.js';
import { FACS_REASONER_DEFAULTS } from '../../../core/facs/facs-reasoner.js';
import { toFieldIssues } from '../../../core/jobs/field-issues.js';
import { validPlan } from '../plan/fixtures.js';

const valid = () => ({
  portrait: 'portrait.png',
  audio: 'media/speech.wav',
  emotion: 'pleased at first, then quietly hurt',
  options: { seed: 7, steps: 24, size: 512, fps: 25, crop: 'face', reasoner: 'facs' },
});

function issuesOf(value: unknown) {
  const result = JobManifestSchema.safeParse(value);
  return result.success ? [] : toFieldIssues(result.error);
}

describe('job manifest contract', () => {
  it('accepts the documented fields', () => {
    // Prepare
    const manifest = valid();

    // Act
    const parsed = JobManifestSchema.parse(manifest);

    // Assess
    expect(parsed).toEqual(manifest);
  });

  it('accepts a manifest without options', () => {
    const { options: _, ...manifest } = valid();
    expect(JobManifestSchema.parse(manifest)).toEqual(manifest);
  });

  it.each([
    ['../other/portrait.png', '".." segments'],
    ['a/../../x.png', '".." segments'],
    ['./portrait.png', '".." segments'],
    ['/etc/passwd', 'not absolute'],
    ['media\\portrait.png', 'backslashes'],
    ['media//portrait.png', 'empty segments'],
    ['media/', 'empty segments'],
    ['', 'must name a file'],
    ['bad\u0001name.png', 'control characters'],
    ['s3://bucket/key.png', 'empty segments'],
  ])('refuses the portrait key %j (%s)', (key, expected) => {
    // Act
    const issues = issuesOf({ ...valid(), portrait: key });

    // Assess
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toBe('portrait');
    expect(issues[0]?.message).toContain(expected);
  });

  it('names unknown and misspelt fields, top level and in options', () => {
    const issues = issuesOf({ ...valid(), emotions: 'x', options: { seeed: 1 } });
    const text = JSON.stringify(issues);
    expect(text).toContain('emotions');
    expect(text).toContain('seeed');
  });

  it('names each bad option with its path', () => {
    const issues = issuesOf({ ...valid(), options: { size: 511, fps: 0, crop: 'square', reasoner: 'gpt' } });
    expect(issues.map((i) => i.path).sort()).toEqual([
      'options.crop',
      'options.fps',
      'options.reasoner',
      'options.size',
    ]);
    expect(issues.find((i) => i.path === 'options.size')?.message).toContain('even');
  });

  it('refuses a blank or overlong emotion and a missing audio', () => {
    expect(issuesOf({ ...valid(), emotion: '   ' })[0]?.message).toContain('describe the emotion');
    expect(issuesOf({ ...valid(), emotion: 'x'.repeat(MANIFEST_LIMITS.emotionMaxLength + 1) })[0]?.path).toBe(
      'emotion',
    );
    const { audio: _, ...noAudio } = valid();
    expect(issuesOf(noAudio)[0]?.path).toBe('audio');
  });

  it('bounds the emotion text like the offline reasoner does', () => {
    expect(MANIFEST_LIMITS.emotionMaxLength).toBe(FACS_REASONER_DEFAULTS.maxLength);
  });

  it('accepts a user plan and keeps it as given', () => {
    // Prepare
    const manifest = { ...valid(), plan: validPlan() };

    // Act
    const parsed = JobManifestSchema.parse(manifest);

    // Assess
    expect(parsed.plan).toEqual(validPlan());
  });

  it('refuses an invalid user plan, naming the field at fault', () => {
    // Prepare
    const plan = validPlan();
    plan.segments[1]!.actionUnits[0]!.intensity = 1.5;
    const { global: _, ...noGlobal } = validPlan();

    // Act
    const badIntensity = issuesOf({ ...valid(), plan });
    const missing = issuesOf({ ...valid(), plan: noGlobal });
    const notAPlan = issuesOf({ ...valid(), plan: 'smile' });

    // Assess
    expect(badIntensity.map((i) => i.path)).toEqual(['plan.segments.1.actionUnits.0.intensity']);
    expect(missing.map((i) => i.path)).toEqual(['plan.global']);
    expect(notAPlan.map((i) => i.path)).toEqual(['plan']);
  });

  it('refuses a user plan over the size limit (it travels in the Step Functions state)', () => {
    // Prepare
    const plan = validPlan();
    plan.chain = [{ step: 'padding', thought: 'x'.repeat(MANIFEST_LIMITS.planMaxBytes) }];

    // Act
    const issues = issuesOf({ ...valid(), plan });

    // Assess
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toBe('plan');
    expect(issues[0]?.message).toContain(`${MANIFEST_LIMITS.planMaxBytes}-byte limit`);
    // Room for the rest of the manifest, and well inside Step Functions' 256 KB state limit.
    expect(MANIFEST_LIMITS.planMaxBytes * 2).toBeLessThanOrEqual(MANIFEST_LIMITS.manifestMaxBytes);
  });

  it('accepts nested relative keys with dots inside names', () => {
    expect(relativeKeyProblem('takes/take.1/portrait.final.png')).toBeUndefined();
  });
});

describe('the example manifest', () => {
  it('follows the contract', async () => {
    const { readFile } = await import('node:fs/promises');
    const text = await readFile(new URL('../../../examples/job.json', import.meta.url), 'utf8');
    expect(JobManifestSchema.safeParse(JSON.parse(text)).success).toBe(true);
  });
});
