import { describe, expect, it } from 'vitest';
import { JOB_ID_PATTERN } from '../../../core/contracts/draw-request.js';
import { deriveJobId, normalizeEtag, slugOf } from '../../../core/jobs/job-id.js';

const identity = () => ({
  name: 'team/Clip 1 — final!',
  bucket: 'tbd',
  key: 'incoming/team/Clip 1 — final!/job.json',
  etag: '"9b2cf535f27731c974343645a3985328"',
  media: ['"aaa"', '"bbb"'],
});

/** Step Functions execution names: 1-80 characters, none of whitespace < > { } [ ] ? * " # % \ ^ | ~ ` $ & , ; : / */
const SFN_NAME = /^[^\s<>{}[\]?*"#%\\^|~`$&,;:/]{1,80}$/;

describe('job id', () => {
  it('is the same for a redelivered event or an identical re-upload', () => {
    // Prepare
    const first = identity();
    const again = { ...identity(), etag: '9b2cf535f27731c974343645a3985328', media: ['aaa', 'bbb'] };

    // Act / Assess
    expect(deriveJobId(again)).toBe(deriveJobId(first));
  });

  it('changes with the manifest content, a medium, the key or the bucket', () => {
    const base = deriveJobId(identity());
    expect(deriveJobId({ ...identity(), etag: '"other"' })).not.toBe(base);
    expect(deriveJobId({ ...identity(), media: ['"aaa"', '"ccc"'] })).not.toBe(base);
    expect(deriveJobId({ ...identity(), key: 'incoming/other/job.json' })).not.toBe(base);
    expect(deriveJobId({ ...identity(), bucket: 'other' })).not.toBe(base);
  });

  it('is a readable, valid job id and Step Functions execution name', () => {
    // Act
    const id = deriveJobId(identity());

    // Assess
    expect(id).toMatch(/^clip-1-final-[0-9a-f]{24}$/);
    expect(id).toMatch(JOB_ID_PATTERN);
    expect(id).toMatch(SFN_NAME);
    expect(deriveJobId({ ...identity(), name: 'x'.repeat(300) })).toMatch(SFN_NAME);
  });

  it('slugs names without letters and strips ETag quotes', () => {
    expect(slugOf('---/!!!')).toBe('job');
    expect(slugOf('A_b.C')).toBe('a-b-c');
    expect(normalizeEtag('"abc"')).toBe('abc');
    expect(normalizeEtag('W/"abc"')).toBe('abc');
  });
});
