/**
 * Makes the local S3 API (s3rver 3.7) honour presigned POST policies: content-length-range,
 * Content-Type, key, expiry and signature, as S3 does (post-policy.ts). s3rver itself stores any
 * form POST.
 *
 * How: s3rver's router calls `require('s3rver/lib/controllers/object').postObject(ctx)` for every
 * `POST /<bucket>`, looking the function up at call time. `installPostPolicyGate` wraps that
 * export once per process (so it also covers an s3rver already listening): the wrapper reads the
 * form (at most `bodyMaxBytes`), verifies it, answers a refusal with s3rver's own S3Error (the
 * XML error body S3 sends), and otherwise replays the bytes into the original controller, which
 * stores the object and emits its event as before. Nothing else of s3rver changes.
 *
 * This patches a dependency's internals: it checks the module's shape on install and throws
 * (PostPolicyGateError) rather than running unguarded if s3rver ever changes it. Every s3rver of
 * the process is gated; they all share s3rver's one key pair.
 */

import type { IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import { verifyPostPolicy } from './post-policy.js';

export const POST_POLICY_GATE_DEFAULTS = {
  /** Largest form read (the 100 MiB speech limit and the form's fields). @default 134217728 */
  bodyMaxBytes: 128 * 1024 * 1024,
} as const;

export class PostPolicyGateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PostPolicyGateError';
  }
}

/** The slice of a Koa context that the gate touches. */
interface KoaContext {
  req: IncomingMessage;
  request: { req: IncomingMessage };
  params: { bucket: string };
  is(type: string): string | false | null;
  get(header: string): string;
}

type PostObject = (ctx: KoaContext) => Promise<void>;
interface ObjectController {
  postObject: PostObject;
}
type S3ErrorConstructor = new (code: string, message: string, detail?: Record<string, unknown>) => Error;

const GATED = Symbol.for('think-before-draw.postPolicyGate');
const secrets = new Map<string, string>();

async function readBody(req: IncomingMessage, max: number, S3Error: S3ErrorConstructor): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > max)
    throw new S3Error('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', {
      MaxSizeAllowed: max,
    });
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > max)
      throw new S3Error('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', {
        MaxSizeAllowed: max,
      });
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The fields before the first `file` field, and the file's size. */
async function parseForm(body: Buffer, contentType: string, S3Error: S3ErrorConstructor) {
  let data: FormData;
  try {
    data = await new Response(body, { headers: { 'content-type': contentType } }).formData();
  } catch {
    throw new S3Error(
      'MalformedPOSTRequest',
      'The body of your POST request is not well-formed multipart/form-data.',
    );
  }
  const fields: [string, string][] = [];
  let fileSize: number | undefined;
  for (const [name, value] of data.entries()) {
    if (name === 'file') {
      fileSize = typeof value === 'string' ? Buffer.byteLength(value) : value.size;
      break;
    }
    if (typeof value === 'string') fields.push([name, value]);
  }
  if (fileSize === undefined)
    throw new S3Error('InvalidArgument', 'POST requires exactly one file upload per request.', {
      ArgumentName: 'file',
    });
  return { fields, fileSize };
}

/** The request again, for s3rver's controller, from the bytes already read. */
function replay(req: IncomingMessage, body: Buffer): IncomingMessage {
  const stream = Readable.from([body]) as unknown as IncomingMessage;
  return Object.assign(stream, {
    headers: req.headers,
    rawHeaders: req.rawHeaders,
    method: req.method,
    url: req.url,
    httpVersion: req.httpVersion,
    socket: req.socket,
  });
}

export interface PostPolicyGateOptions {
  /** Key pairs whose signatures are accepted (s3rver's one pair, S3RVER / S3RVER). */
  readonly credentials: readonly { readonly accessKeyId: string; readonly secretAccessKey: string }[];
  /** @default POST_POLICY_GATE_DEFAULTS.bodyMaxBytes */
  readonly bodyMaxBytes?: number;
  /** @default () => new Date() */
  readonly clock?: () => Date;
}

/** Gates every s3rver of the process; idempotent (later calls add credentials). */
export function installPostPolicyGate(options: PostPolicyGateOptions): void {
  for (const { accessKeyId, secretAccessKey } of options.credentials)
    secrets.set(accessKeyId, secretAccessKey);
  const require = createRequire(import.meta.url);
  const controller = require('s3rver/lib/controllers/object.js') as ObjectController & { [GATED]?: true };
  const S3Error = require('s3rver/lib/models/error.js') as S3ErrorConstructor;
  if (controller[GATED]) return;
  if (typeof controller.postObject !== 'function' || typeof S3Error !== 'function')
    throw new PostPolicyGateError(
      's3rver no longer exports controllers/object.postObject: the POST policy gate cannot be installed',
    );

  const original = controller.postObject;
  const max = options.bodyMaxBytes ?? POST_POLICY_GATE_DEFAULTS.bodyMaxBytes;
  const clock = options.clock ?? (() => new Date());
  controller.postObject = async function gatedPostObject(ctx: KoaContext): Promise<void> {
    if (!ctx.is('multipart/form-data')) return original(ctx);
    const body = await readBody(ctx.req, max, S3Error);
    const form = await parseForm(body, ctx.get('content-type'), S3Error);
    const verdict = verifyPostPolicy(
      { bucket: ctx.params.bucket, ...form },
      { secretFor: (id) => secrets.get(id), now: clock() },
    );
    if (!verdict.ok) throw new S3Error(verdict.code, verdict.message, verdict.detail);
    const again = replay(ctx.req, body);
    ctx.req = again;
    ctx.request.req = again;
    return original(ctx);
  };
  controller[GATED] = true;
}
