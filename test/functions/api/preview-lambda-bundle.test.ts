/**
 * The ES module the POST /v1/preview image runs (scripts/bundle-preview-lambda.ts, as
 * Dockerfile.preview builds it) renders the example portrait with human, tfjs and sharp taken
 * from the node_modules beside it, as in LAMBDA_TASK_ROOT. Its own file, so its own process: a
 * second human in one process would register tfjs's file loader twice.
 */
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { bundlePreviewLambda } from '../../../containers/gpu-sampler/scripts/bundle-preview-lambda.js';
import type { ApiLambdaHandler } from '../../../functions/api/api-event.js';
import { localLambdaContext } from '../../../functions/shared/local-invoke.js';
import { PREVIEW_LAMBDA_ENV, previewEvent } from './fixtures.js';

let outdir: string;

beforeAll(async () => {
  for (const [name, value] of Object.entries(PREVIEW_LAMBDA_ENV)) vi.stubEnv(name, value);
  // Inside the repository, so that node_modules resolves from the bundle as in the image.
  await mkdir(join('node_modules', '.cache'), { recursive: true });
  outdir = await mkdtemp(join('node_modules', '.cache', 'preview-lambda-'));
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await rm(outdir, { recursive: true, force: true });
});

describe("the POST /v1/preview image's bundle", () => {
  it('is one ES module exporting `preview` that renders the example portrait', async () => {
    // Prepare
    const file = await bundlePreviewLambda(outdir);
    const { preview } = (await import(pathToFileURL(file).href)) as { preview: ApiLambdaHandler };
    const portrait = (await readFile('examples/portrait-astronaut.png')).toString('base64');

    // Act
    const result = await preview(previewEvent({ portrait, size: 128 }), localLambdaContext('api-preview'));

    // Assess
    expect(result.statusCode).toBe(200);
    expect(result.isBase64Encoded).toBe(true);
    const meta = await sharp(Buffer.from(result.body ?? '', 'base64')).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 128, 128]);
    expect(result.headers?.['X-Preview-Segment']).toBe('-1');
  });
});
