/**
 * ListObjectsV2 continuation tokens that work on Node >= 17, patched into the loaded s3rver 3.7.
 *
 * Why: s3rver builds the NextContinuationToken of every truncated ListObjectsV2 page by encrypting
 * `<region>/<bucket>/<last key>` with DES (`crypto.createCipheriv('des', ...)` in the private
 * `generateContinuationToken` / `decipherContinuationToken` of lib/controllers/bucket.js). OpenSSL 3
 * (Node >= 17) no longer offers DES, so s3rver answers 500 InternalError (ERR_OSSL_EVP_UNSUPPORTED)
 * to any V2 listing with more keys than MaxKeys (1000 at most): `tbd serve` could not even restart
 * once `incoming/`, `tenants/` or `jobs/` held more than 1000 objects, since its recovery pages with
 * ListObjectsV2. Real S3 is not affected.
 *
 * How: those two functions are not exported, but routes.js calls the exported `getBucket` through
 * the module object on every request (`bucketCtrl.getBucket(ctx)`), so replacing that export in the
 * loaded module (nothing is edited on disk) is enough. The replacement handles `list-type=2` only
 * (V1 goes to s3rver as is) and lets s3rver's own `getBucket` do the listing and the XML with no
 * token in sight:
 *
 * - a continuation token is decoded here and handed on as `start-after` (the same thing s3rver
 *   does with its decrypted token: the listing resumes after the last key of the previous page);
 * - the store's `listObjects` is wrapped for the request so s3rver sees an untruncated result (it
 *   would build a DES token otherwise); the answer is then marked truncated here, with a token of
 *   our own, and echoes the request's ContinuationToken as S3 does.
 *
 * Tokens are `base64url("<bucket>/<last key>")`: opaque to clients as S3's are, URL-safe, tied to
 * the bucket (a token of another bucket, or a DES one, is refused with 400 InvalidArgument, as
 * s3rver refuses a foreign one). Idempotent: the patch is applied once per loaded s3rver.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The slice of s3rver's Koa context its getBucket uses. */
interface S3rverContext {
  query: Record<string, string | string[] | undefined>;
  readonly params: { readonly bucket: string };
  store: S3rverStore;
  body: unknown;
}

interface S3rverStore {
  listObjects(
    bucket: string,
    options: unknown,
  ): Promise<{ objects: { key: string }[]; commonPrefixes: string[]; isTruncated: boolean }>;
}

type GetBucket = (ctx: S3rverContext) => Promise<void>;

interface BucketController {
  getBucket: GetBucket;
  [PATCHED]?: true;
}

type S3ErrorConstructor = new (code: string, message: string, detail?: Record<string, string>) => Error;

const PATCHED = Symbol.for('tbd.s3rver.listV2Tokens');

export function encodeContinuationToken(bucket: string, startAfter: string): string {
  return Buffer.from(`${bucket}/${startAfter}`, 'utf8').toString('base64url');
}

/** The key to list after, or undefined for a token that is not one of ours for `bucket`. */
export function decodeContinuationToken(token: string, bucket: string): string | undefined {
  const text = Buffer.from(token, 'base64url').toString('utf8');
  if (!text.startsWith(`${bucket}/`)) return undefined;
  const startAfter = text.slice(bucket.length + 1);
  // Canonical encodings only (Buffer skips characters that are not base64url).
  return encodeContinuationToken(bucket, startAfter) === token ? startAfter : undefined;
}

/** Replaces the loaded s3rver's ListObjectsV2 token handling (see the module comment). */
export function patchS3rverListV2Tokens(): void {
  const require = createRequire(import.meta.url);
  const lib = dirname(require.resolve('s3rver'));
  const controller = require(join(lib, 'controllers', 'bucket.js')) as BucketController;
  if (controller[PATCHED]) return;
  const original = controller.getBucket;
  if (typeof original !== 'function')
    throw new Error('s3rver changed: lib/controllers/bucket.js no longer exports getBucket');
  const S3Error = require(join(lib, 'models', 'error.js')) as S3ErrorConstructor;

  controller.getBucket = async function getBucketWithPortableTokens(ctx: S3rverContext): Promise<void> {
    // V1, and V2 with a Marker (s3rver refuses that combination itself).
    if (ctx.query['list-type'] !== '2' || 'marker' in ctx.query) return original(ctx);
    const bucket = ctx.params.bucket;
    const token = ctx.query['continuation-token'];
    const query = { ...ctx.query };
    if (token) {
      const startAfter = typeof token === 'string' ? decodeContinuationToken(token, bucket) : undefined;
      if (startAfter === undefined)
        throw new S3Error('InvalidArgument', 'The continuation token provided is incorrect', {
          ArgumentName: 'continuation-token',
        });
      delete query['continuation-token'];
      query['start-after'] = startAfter;
    }

    const store = ctx.store;
    let page: { truncated: boolean; lastKey: string } | undefined;
    const untruncated: S3rverStore = Object.create(store, {
      listObjects: {
        value: async (listed: string, options: { startAfter?: string }) => {
          const result = await store.listObjects(listed, options);
          page = {
            truncated: result.isTruncated,
            // No object left on a truncated page (all deleted while listing): list that page again.
            lastKey: result.objects.at(-1)?.key ?? options.startAfter ?? '',
          };
          return { ...result, isTruncated: false };
        },
      },
    });
    // Own properties shadow Koa's `query` accessor and the app-wide store for this request only.
    Object.defineProperty(ctx, 'query', { value: query, configurable: true, writable: true });
    Object.defineProperty(ctx, 'store', { value: untruncated, configurable: true, writable: true });
    try {
      await original(ctx);
    } finally {
      delete (ctx as Partial<S3rverContext>).query;
      delete (ctx as Partial<S3rverContext>).store;
    }

    const result = (ctx.body as { ListBucketResult?: Record<string, unknown> } | undefined)?.ListBucketResult;
    if (!result) return;
    if (token) {
      result.StartAfter = undefined;
      result.ContinuationToken = token;
    }
    if (page?.truncated) {
      result.IsTruncated = true;
      result.NextContinuationToken = encodeContinuationToken(bucket, page.lastKey);
    }
  };
  controller[PATCHED] = true;
}
