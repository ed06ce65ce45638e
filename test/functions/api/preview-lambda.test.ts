/**
 * functions/api/preview-handler.ts, the Lambda of POST /v1/preview (the container image), invoked
 * in-process as API Gateway would with its environment: the example portrait comes back as a real
 * PNG of the asked size with the face box, from an emotion thought by the configured reasoner; an
 * image without a face and bytes that are no image are the same 422s as on the local server
 * (test/local/api/preview-http.test.ts), and the request limits still hold. The image's bundle
 * of this handler: preview-lambda-bundle.test.ts.
 */
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { API_LIMITS } from '../../../core/contracts/api.js';
import type { ApiLambdaHandler } from '../../../functions/api/api-event.js';
import { localLambdaContext } from '../../../functions/shared/local-invoke.js';
import { PREVIEW_LAMBDA_ENV, previewEvent } from './fixtures.js';

let preview: ApiLambdaHandler;
let portrait: string;

beforeAll(async () => {
  for (const [name, value] of Object.entries(PREVIEW_LAMBDA_ENV)) vi.stubEnv(name, value);
  ({ preview } = await import('../../../functions/api/preview-handler.js'));
  portrait = (await readFile('examples/portrait-astronaut.png')).toString('base64');
});

afterAll(() => {
  vi.unstubAllEnvs();
});

async function invoke(body: unknown) {
  return preview(previewEvent(body), localLambdaContext('api-preview'));
}

function errorOf(result: { body?: string }) {
  return (JSON.parse(result.body ?? '{}') as { error: Record<string, unknown> }).error;
}

describe('the POST /v1/preview Lambda', () => {
  it('renders the example portrait: a PNG of the asked size, as bytes, with the face box', async () => {
    // Act
    const result = await invoke({ portrait, emotion: 'furious', size: 256 });

    // Assess
    expect(result.statusCode).toBe(200);
    expect(result.isBase64Encoded).toBe(true);
    expect(result.headers?.['Content-Type']).toBe('image/png');
    const meta = await sharp(Buffer.from(result.body ?? '', 'base64')).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 256, 256]);
    expect(result.headers?.['X-Source-Size']).toBe('512,512');
    const [, , width] = (result.headers?.['X-Face-Box'] ?? '').split(',').map(Number);
    expect(width).toBeGreaterThan(64);
    expect(result.headers?.['X-Preview-Segment']).toBe('0');
  });

  it('answers 422 NoFaceError on the portrait for an image without a face', async () => {
    // Prepare
    const blank = await sharp({ create: { width: 200, height: 200, channels: 3, background: '#777' } })
      .png()
      .toBuffer();

    // Act
    const result = await invoke({ portrait: blank.toString('base64') });

    // Assess
    expect(result.statusCode).toBe(422);
    expect(errorOf(result)).toMatchObject({ name: 'NoFaceError', field: 'portrait', status: 422 });
    expect(errorOf(result).message).toMatch(/no face found/);
  });

  it('answers 422 UnsupportedImageError on the portrait for bytes that are no image', async () => {
    // Act
    const result = await invoke({ portrait: Buffer.from('certainly not a PNG').toString('base64') });

    // Assess
    expect(result.statusCode).toBe(422);
    expect(errorOf(result)).toMatchObject({ name: 'UnsupportedImageError', field: 'portrait', status: 422 });
  });

  it('keeps the request limits: a portrait over the limit is a 400 naming it, before any rendering', async () => {
    // Prepare
    const tooLarge = Buffer.alloc(API_LIMITS.previewPortraitMaxBytes + 3).toString('base64');

    // Act
    const result = await invoke({ portrait: tooLarge });

    // Assess
    expect(result.statusCode).toBe(400);
    expect(errorOf(result)).toMatchObject({ name: 'RequestValidationError' });
    expect(JSON.stringify(errorOf(result).issues)).toContain('portrait');
  });
});
