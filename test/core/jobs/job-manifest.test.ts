import { describe, expect, it } from 'vitest';
import { CreateJobRequestSchema } from '../../../core/contracts/api.js';
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

  it('refuses a user plan naming AUs outside the FACS catalogue, each at its path', () => {
    // Prepare
    const plan = validPlan();
    plan.segments[1]!.actionUnits.push({ au: 99, name: 'Made Up', intensity: 1, side: 'both' });
    plan.segments[0]!.actionUnits.push({ au: 1000, name: 'Also Made Up', intensity: 0.5, side: 'left' });

    // Act
    const issues = issuesOf({ ...valid(), plan });

    // Assess
    expect(issues.map((i) => i.path).sort()).toEqual([
      'plan.segments.0.actionUnits.0.au',
      'plan.segments.1.actionUnits.2.au',
    ]);
    expect(issues.find((i) => i.path.endsWith('2.au'))?.message).toMatch(
      /^AU99 is not in the FACS catalogue; accepted: 1, 2, 4, .*, 12, /,
    );
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

describe('refusals that say what is accepted', () => {
  it.each([
    ['NUL', 'happy\u0000 then sad', 'U+0000 at character 6'],
    ['an escape sequence', 'calm \u001b[31mangry', 'U+001B at character 6'],
    ['DEL', 'sad\u007f', 'U+007F at character 4'],
    ['a C1 control', '\u0085calm', 'U+0085 at character 1'],
  ])('refuses an emotion with %s, naming the character and its place', (_, emotion, where) => {
    // Act
    const issues = issuesOf({ ...valid(), emotion });

    // Assess
    expect(issues).toEqual([
      {
        path: 'emotion',
        message: `must not contain control characters (${where}); accepted: plain text, tabs and line breaks`,
      },
    ]);
  });

  it('accepts tabs, line breaks, emoji, right-to-left text and combining marks in an emotion', () => {
    for (const emotion of ['calm,\tthen\r\nangry\u000b\u000c', '😀 then 😢', 'שמח ثم حزين', 'ha\u0301ppy'])
      expect(issuesOf({ ...valid(), emotion }), JSON.stringify(emotion)).toEqual([]);
  });

  it('says how long an emotion was and how long it may be', () => {
    const issues = issuesOf({ ...valid(), emotion: 'x'.repeat(2500) });
    expect(issues).toEqual([{ path: 'emotion', message: 'is 2500 characters long; accepted: at most 2000' }]);
  });

  it('lists the accepted fields beside an unknown one, at the top level and in options', () => {
    const issues = issuesOf({ ...valid(), emotoin: 'x', options: { sed: 1, stepz: 2 } });
    expect(issues.sort((a, b) => a.path.localeCompare(b.path))).toEqual([
      {
        path: '',
        message: 'unknown field "emotoin"; accepted fields: portrait, audio, emotion, options, plan',
      },
      {
        path: 'options',
        message: 'unknown fields "sed", "stepz"; accepted fields: seed, steps, size, fps, crop, reasoner',
      },
    ]);
  });

  it('says what to give for a missing field, and keeps type errors as they are', () => {
    const { portrait: _, emotion: __, ...rest } = valid();
    expect(issuesOf({ ...rest, audio: 7 })).toEqual([
      {
        path: 'portrait',
        message: 'is required: the portrait\'s file name, relative to the job folder, e.g. "portrait.png"',
      },
      { path: 'audio', message: 'Invalid input: expected string, received number' },
      {
        path: 'emotion',
        message: 'is required: the emotion as free text, e.g. "pleased at first, then quietly hurt"',
      },
    ]);
  });

  it('does the same in the API: missing media, their sizes, unknown fields', () => {
    // Act
    const result = CreateJobRequestSchema.safeParse({
      emotion: 'calm',
      portrait: { contentType: 'image/png', size: 0, name: 'me.png' },
      audio: undefined,
    });

    // Assess
    expect(result.success).toBe(false);
    expect(toFieldIssues(result.error!)).toEqual([
      { path: 'portrait.size', message: 'must be at least 1 byte: an empty file is no portrait' },
      { path: 'portrait', message: 'unknown field "name"; accepted fields: contentType, size' },
      {
        path: 'audio',
        message:
          'is required: the speech track to upload, as { "contentType": "audio/wav", "size": <bytes> }',
      },
    ]);
    const huge = CreateJobRequestSchema.safeParse({
      emotion: 'calm',
      portrait: { contentType: 'image/png', size: 26 * 1024 * 1024 },
      audio: { contentType: 'audio/wav', size: 10 },
    });
    expect(toFieldIssues(huge.error!)).toEqual([
      { path: 'portrait.size', message: 'is 27262976 bytes; accepted: at most 25 MiB (26214400 bytes)' },
    ]);
  });
});

describe('the example manifest', () => {
  it('follows the contract', async () => {
    const { readFile } = await import('node:fs/promises');
    const text = await readFile(new URL('../../../examples/job.json', import.meta.url), 'utf8');
    expect(JobManifestSchema.safeParse(JSON.parse(text)).success).toBe(true);
  });
});
