/**
 * S3 POST policies, verified as S3 verifies them (Signature Version 4), for the local S3 API:
 * s3rver 3.7 stores any form POST and ignores the policy (its `policy` field is "unimplemented"),
 * so without this an upload larger than its presigned POST allows would succeed locally and fail
 * in AWS. post-policy-gate.ts runs this before s3rver stores the object.
 *
 *   1. the form names the algorithm AWS4-HMAC-SHA256, a credential `<key>/<yyyymmdd>/<region>/s3/aws4_request`
 *      of a known access key, a date, a policy and a signature
 *   2. signature = hex HMAC-SHA256(signing key, base64 policy), signing key = the SigV4 chain
 *      HMAC("AWS4" + secret, yyyymmdd) -> region -> "s3" -> "aws4_request"      SignatureDoesNotMatch
 *   3. the policy is base64 JSON { expiration, conditions[] }, not expired        AccessDenied
 *   4. each condition holds: { field: value } and ["eq", "$field", value] exact, ["starts-with",
 *      "$field", prefix], ["content-length-range", min, max] on the file's size  AccessDenied |
 *                                                                                EntityTooLarge | EntityTooSmall
 *   5. every form field is covered by a condition, except x-amz-signature, file, policy and
 *      x-ignore-* fields                                                          AccessDenied
 *
 * Field names compare case-insensitively, values exactly; `bucket` is matched against the bucket
 * of the request. Reference: "Creating a POST policy" and "Authenticating Requests in Browser-Based
 * Uploads Using POST (AWS Signature Version 4)" in the Amazon S3 API reference.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/** Error codes as S3 answers them (s3rver maps them onto HTTP statuses). */
export type PolicyErrorCode =
  | 'AccessDenied'
  | 'SignatureDoesNotMatch'
  | 'InvalidPolicyDocument'
  | 'EntityTooLarge'
  | 'EntityTooSmall'
  | 'InvalidArgument';

export type PolicyVerdict =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly code: PolicyErrorCode;
      readonly message: string;
      readonly detail?: Readonly<Record<string, string | number>>;
    };

export interface PostForm {
  readonly bucket: string;
  /** Form fields before the file, in order (names as sent). */
  readonly fields: readonly (readonly [string, string])[];
  /** Bytes of the file field. */
  readonly fileSize: number;
}

export interface VerifyOptions {
  /** The secret of an access key id, or undefined for an unknown one. */
  readonly secretFor: (accessKeyId: string) => string | undefined;
  readonly now: Date;
}

const NOT_CONDITIONED = new Set(['x-amz-signature', 'file', 'policy']);

const PolicySchema = z.object({
  expiration: z.iso.datetime({ offset: true }),
  conditions: z.array(
    z.union([z.record(z.string(), z.string()), z.array(z.union([z.string(), z.number()]))]),
  ),
});

const refuse = (
  code: PolicyErrorCode,
  message: string,
  detail?: Readonly<Record<string, string | number>>,
): PolicyVerdict => ({ ok: false, code, message, ...(detail ? { detail } : {}) });

const hmac = (key: Buffer | string, data: string): Buffer => createHmac('sha256', key).update(data).digest();

/** The SigV4 POST signature of a base64 policy. */
export function postPolicySignature(secret: string, date: string, region: string, policy: string): string {
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), 's3'), 'aws4_request');
  return hmac(signingKey, policy).toString('hex');
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

interface Checked {
  readonly verdict?: PolicyVerdict;
  /** Lower-case names of the fields this condition covers. */
  readonly covers?: string;
}

function checkCondition(
  condition: Record<string, string> | (string | number)[],
  form: PostForm,
  value: (name: string) => string | undefined,
): Checked {
  const failed = (): Checked => ({
    verdict: refuse(
      'AccessDenied',
      `Invalid according to Policy: Policy Condition failed: ${JSON.stringify(condition)}`,
    ),
  });
  if (!Array.isArray(condition)) {
    const entries = Object.entries(condition);
    if (entries.length !== 1)
      return { verdict: refuse('InvalidPolicyDocument', 'Invalid Policy: Invalid Simple-Condition') };
    const [name, expected] = entries[0] as [string, string];
    const lower = name.toLowerCase();
    const actual = lower === 'bucket' ? form.bucket : value(lower);
    return actual === expected ? { covers: lower } : failed();
  }
  const [operator, first, second] = condition;
  if (operator === 'content-length-range') {
    if (typeof first !== 'number' || typeof second !== 'number')
      return {
        verdict: refuse('InvalidPolicyDocument', 'Invalid Policy: content-length-range needs two numbers'),
      };
    if (form.fileSize > second)
      return {
        verdict: refuse('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', {
          ProposedSize: form.fileSize,
          MaxSizeAllowed: second,
        }),
      };
    if (form.fileSize < first)
      return {
        verdict: refuse('EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed size', {
          ProposedSize: form.fileSize,
          MinSizeAllowed: first,
        }),
      };
    return {};
  }
  if (
    (operator === 'eq' || operator === 'starts-with') &&
    typeof first === 'string' &&
    typeof second === 'string'
  ) {
    if (!first.startsWith('$'))
      return {
        verdict: refuse(
          'InvalidPolicyDocument',
          `Invalid Policy: ${JSON.stringify(first)} must start with "$"`,
        ),
      };
    const lower = first.slice(1).toLowerCase();
    const actual = lower === 'bucket' ? form.bucket : value(lower);
    if (actual === undefined) return failed();
    const holds = operator === 'eq' ? actual === second : actual.startsWith(second);
    return holds ? { covers: lower } : failed();
  }
  return {
    verdict: refuse(
      'InvalidPolicyDocument',
      `Invalid Policy: unknown condition ${JSON.stringify(condition)}`,
    ),
  };
}

export function verifyPostPolicy(form: PostForm, options: VerifyOptions): PolicyVerdict {
  const byName = new Map<string, string>();
  for (const [name, value] of form.fields) byName.set(name.toLowerCase(), value);
  const value = (name: string) => byName.get(name);

  const policy = value('policy');
  const signature = value('x-amz-signature');
  const credential = value('x-amz-credential');
  if (!policy || !signature || !credential)
    return refuse(
      'AccessDenied',
      'Access Denied: a POST needs a signed policy (policy, x-amz-credential, x-amz-signature)',
    );
  if (value('x-amz-algorithm') !== 'AWS4-HMAC-SHA256')
    return refuse('InvalidArgument', 'only the AWS4-HMAC-SHA256 algorithm is supported', {
      ArgumentName: 'x-amz-algorithm',
    });

  const [accessKeyId = '', date = '', region = '', service, terminator] = credential.split('/');
  const secret = options.secretFor(accessKeyId);
  if (!secret || service !== 's3' || terminator !== 'aws4_request' || !/^\d{8}$/.test(date))
    return refuse(
      'InvalidArgument',
      'the credential is not <access key>/<yyyymmdd>/<region>/s3/aws4_request of a known key',
      {
        ArgumentName: 'x-amz-credential',
      },
    );
  if (!sameText(postPolicySignature(secret, date, region, policy), signature.toLowerCase()))
    return refuse(
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided.',
    );

  let document: z.infer<typeof PolicySchema>;
  try {
    const parsed = PolicySchema.safeParse(JSON.parse(Buffer.from(policy, 'base64').toString('utf8')));
    if (!parsed.success)
      return refuse('InvalidPolicyDocument', 'Invalid Policy: not { expiration, conditions }');
    document = parsed.data;
  } catch {
    return refuse('InvalidPolicyDocument', 'Invalid Policy: not base64-encoded JSON');
  }
  if (new Date(document.expiration) <= options.now)
    return refuse('AccessDenied', 'Invalid according to Policy: Policy expired.');

  const covered = new Set<string>();
  for (const condition of document.conditions) {
    const checked = checkCondition(condition, form, value);
    if (checked.verdict) return checked.verdict;
    if (checked.covers) covered.add(checked.covers);
  }
  const extra = [...byName.keys()].filter(
    (name) => !NOT_CONDITIONED.has(name) && !name.startsWith('x-ignore-') && !covered.has(name),
  );
  if (extra.length > 0)
    return refuse('AccessDenied', `Invalid according to Policy: Extra input fields: ${extra.join(', ')}`);
  return { ok: true };
}
