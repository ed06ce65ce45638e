/**
 * Bundles the POST /v1/preview Lambda (functions/api/preview-handler.ts) into one ES module, as
 * infra/constructs/pipeline-function.ts bundles the zip Lambdas: Dockerfile.preview runs it
 * (`node --import tsx containers/gpu-sampler/scripts/bundle-preview-lambda.ts dist`), and
 * test/functions/api/preview-lambda.test.ts runs the bundle it makes.
 *
 * sharp stays external (libvips, native, per architecture); @vladmandic/human and the tfjs
 * packages are never imported (face/human-loader.ts resolves and loads them by path), so both
 * come from the node_modules beside the bundle, as the image installs them.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const repoPath = (relative: string): string =>
  fileURLToPath(new URL(`../../../${relative}`, import.meta.url));

export const PREVIEW_BUNDLE = {
  /** @default 'functions/api/preview-handler.ts' */
  entry: 'functions/api/preview-handler.ts',
  /** The Lambda runtime imports `<file>.<export>`: CMD ["preview-handler.preview"]. @default 'preview-handler.mjs' */
  file: 'preview-handler.mjs',
  /** @default 'node22' (the image's runtime) */
  target: 'node22',
  /** @default ['sharp'] */
  external: ['sharp'] as readonly string[],
} as const;

/** ESM output needs `require` for the CommonJS dependencies esbuild inlines (as pipeline-function.ts). */
const ESM_REQUIRE_BANNER =
  "import { createRequire as __tbdCreateRequire } from 'node:module'; const require = __tbdCreateRequire(import.meta.url);";

/** Writes `<outdir>/preview-handler.mjs` (+ its source map); returns its path. */
export async function bundlePreviewLambda(outdir: string): Promise<string> {
  const outfile = resolve(outdir, PREVIEW_BUNDLE.file);
  await build({
    entryPoints: [repoPath(PREVIEW_BUNDLE.entry)],
    outfile,
    bundle: true,
    platform: 'node',
    target: PREVIEW_BUNDLE.target,
    format: 'esm',
    mainFields: ['module', 'main'],
    external: [...PREVIEW_BUNDLE.external],
    banner: { js: ESM_REQUIRE_BANNER },
    minify: true,
    sourcemap: true,
    logLevel: 'warning',
  });
  return outfile;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outdir = process.argv[2];
  if (!outdir) {
    console.error('usage: bundle-preview-lambda.ts <outdir>');
    process.exit(2);
  }
  console.log(await bundlePreviewLambda(outdir));
}
