/**
 * S3 POST policy verification (local/api/post-policy.ts) against policies the AWS SDK's own
 * createPresignedPost writes, as the API presigns them.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { S3Presigner } from '../../../functions/api/s3-presigner.js';
import { type PostForm, verifyPostPolicy } from '../../../local/api/post-policy.js';

const SECRETS: Record<string, string> = { S3RVER: 'S3RVER' };
const secretFor = (id: string) => SECRETS[id];
const KEY = 'tenants/acme/incoming/job-1/portrait.png';

async function presignedForm(fileSize: number, change: (fields: [string, string][]) => void = () => {}) {
  const client = new S3Client({
    endpoint: 'http://127.0.0.1:9',
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  const post = await new S3Presigner({ client, bucket: 'tbd' }).uploadForm({
    key: KEY,
    contentType: 'image/png',
    maxBytes: 1000,
    expiresInSec: 600,
  });
  const fields = Object.entries(post.fields) as [string, string][];
  change(fields);
  return { bucket: 'tbd', fields, fileSize } satisfies PostForm;
}

const set = (name: string, value: string) => (fields: [string, string][]) => {
  const field = fields.find(([n]) => n.toLowerCase() === name.toLowerCase());
  if (field) field[1] = value;
  else fields.push([name, value]);
};

describe('POST policies', () => {
  it('accept a form as presigned, within the size range', async () => {
    const verdict = verifyPostPolicy(await presignedForm(1000), { secretFor, now: new Date() });
    expect(verdict).toEqual({ ok: true });
  });

  it('refuse a file over content-length-range (EntityTooLarge) and an empty one (EntityTooSmall)', async () => {
    const now = new Date();
    expect(verifyPostPolicy(await presignedForm(1001), { secretFor, now })).toMatchObject({
      ok: false,
      code: 'EntityTooLarge',
      detail: { ProposedSize: 1001, MaxSizeAllowed: 1000 },
    });
    expect(verifyPostPolicy(await presignedForm(0), { secretFor, now })).toMatchObject({
      code: 'EntityTooSmall',
    });
  });

  it.each([
    ['another Content-Type', set('Content-Type', 'image/gif'), 'AccessDenied', /Policy Condition failed/],
    [
      'another key',
      set('key', 'tenants/other/incoming/x/portrait.png'),
      'AccessDenied',
      /Policy Condition failed/,
    ],
    [
      'a field the policy does not name',
      set('x-amz-meta-owner', 'me'),
      'AccessDenied',
      /Extra input fields: x-amz-meta-owner/,
    ],
    ['a forged signature', set('X-Amz-Signature', '0'.repeat(64)), 'SignatureDoesNotMatch', /signature/],
    [
      'an unknown access key',
      set('X-Amz-Credential', 'AKIA/20260101/us-east-1/s3/aws4_request'),
      'InvalidArgument',
      /credential/,
    ],
    [
      'no policy',
      (fields: [string, string][]) =>
        fields.splice(
          fields.findIndex(([n]) => n === 'Policy'),
          1,
        ),
      'AccessDenied',
      /signed policy/,
    ],
  ])('refuse %s', async (_, change, code, message) => {
    const verdict = verifyPostPolicy(await presignedForm(10, change), { secretFor, now: new Date() });
    expect(verdict).toMatchObject({ ok: false, code, message: expect.stringMatching(message) });
  });

  it('accept x-ignore- fields and refuse an expired policy', async () => {
    const later = new Date(Date.now() + 601_000);
    expect(
      verifyPostPolicy(await presignedForm(10, set('x-ignore-note', 'hi')), { secretFor, now: new Date() }),
    ).toEqual({
      ok: true,
    });
    expect(verifyPostPolicy(await presignedForm(10), { secretFor, now: later })).toMatchObject({
      code: 'AccessDenied',
      message: 'Invalid according to Policy: Policy expired.',
    });
  });
});
