/**
 * The HTTP layer every route shares (functions/api/http-route.ts): tenancy from the API key id,
 * JSON parsing and zod validation answered with 4xx bodies that name the problem, 5xx bodies that
 * name nothing, CORS and security headers on every answer; and POST /v1/think.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { ApiErrorBodySchema } from '../../../core/contracts/api.js';
import { ExpressionPlanSchema } from '../../../core/plan/expression-plan.js';
import type { Reasoner } from '../../../core/plan/reasoner.js';
import { openApiDocument } from '../../../functions/api/openapi-document.js';
import { TransientError } from '../../../functions/shared/pipeline-errors.js';
import { BedrockUnavailableError } from '../../../functions/think/errors.js';
import { apiHarness, createBody, KEYS } from './fixtures.js';

beforeAll(() => {
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
});

const post = (body: unknown, headers: Record<string, string> = {}, apiKeyId: string | null = KEYS.acme) =>
  apiHarness().call('createJob', { method: 'POST', path: '/v1/jobs', body, headers, apiKeyId });

describe('API keys and tenants', () => {
  it.each([
    ['no API key id', null],
    ['a key id that names no tenant', KEYS.orphan],
  ])('refuses a request with %s (403, nothing written)', async (_, apiKeyId) => {
    // Prepare
    const api = apiHarness();

    // Act
    const reply = await api.call('createJob', {
      method: 'POST',
      path: '/v1/jobs',
      body: createBody(),
      apiKeyId,
    });

    // Assess
    expect(reply.status).toBe(403);
    expect(ApiErrorBodySchema.parse(reply.body).error.name).toBe('InvalidApiKeyError');
    expect(api.objects.keys()).toEqual([]);
  });

  it('serves the OpenAPI document without a key', async () => {
    // Act
    const reply = await apiHarness().call('getOpenApi', { path: '/v1/openapi.json', apiKeyId: null });

    // Assess
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual(openApiDocument());
    expect(reply.headers['cache-control']).toBe('public, max-age=300');
  });
});

describe('request bodies', () => {
  it('answers malformed JSON with a 400 that says what is wrong', async () => {
    // Act
    const reply = await post('{"emotion": "happy",,}');

    // Assess
    expect(reply.status).toBe(400);
    expect(reply.headers['content-type']).toBe('application/json');
    expect(reply.body.error.name).toBe('MalformedJsonError');
    expect(reply.body.error.message).toMatch(/^the request body is not valid JSON \(.*JSON.*\)/);
  });

  it('names each invalid field, misspelt ones included', async () => {
    // Act
    const reply = await post({
      ...createBody(),
      emotoin: 'typo',
      portrait: { contentType: 'image/gif', size: 64 },
      audio: { contentType: 'audio/wav', size: 200 * 1024 * 1024 },
      options: { size: 255 },
    });

    // Assess
    expect(reply.status).toBe(400);
    const { error } = ApiErrorBodySchema.parse(reply.body);
    expect(error.name).toBe('RequestValidationError');
    expect(error.issues?.map((issue) => issue.path).sort()).toEqual([
      '',
      'audio.size',
      'options.size',
      'portrait.contentType',
    ]);
    expect(error.message).toContain('emotoin');
    expect(error.message).toContain('options.size: must be even (yuv420p video)');
  });

  it('refuses a body that is not application/json (415) and a missing body (400)', async () => {
    // Act
    const form = await post('emotion=happy', { 'Content-Type': 'application/x-www-form-urlencoded' });
    const none = await apiHarness().call('createJob', { method: 'POST', path: '/v1/jobs' });

    // Assess
    expect(form.status).toBe(415);
    expect(form.body.error).toMatchObject({ name: 'UnsupportedMediaTypeError' });
    expect(none.status).toBe(400);
    expect(none.body.error.message).toContain('the request has no body');
  });
});

describe('answers', () => {
  it('carry CORS and security headers, errors included', async () => {
    // Act
    const ok = await post(createBody());
    const bad = await post('{');

    // Assess
    for (const reply of [ok, bad]) {
      expect(reply.headers['access-control-allow-origin']).toBe('*');
      expect(reply.headers['x-content-type-options']).toBe('nosniff');
      expect(reply.headers['strict-transport-security']).toContain('max-age=');
    }
  });

  it('hide the cause of an unexpected failure (500) and say "try again" for a transient one (503)', async () => {
    // Prepare
    const broken = apiHarness();
    broken.objects.fault = () => {
      throw new Error('EACCES /var/secret/path');
    };
    const flaky = apiHarness();
    flaky.objects.fault = () => {
      throw new TransientError('SlowDown: s3://tbd');
    };

    // Act
    const internal = await broken.call('createJob', { method: 'POST', path: '/v1/jobs', body: createBody() });
    const transient = await flaky.call('createJob', { method: 'POST', path: '/v1/jobs', body: createBody() });

    // Assess
    expect(internal.status).toBe(500);
    expect(internal.body).toEqual({
      error: { name: 'InternalError', message: 'internal error', status: 500 },
    });
    expect(transient.status).toBe(503);
    expect(transient.body.error).toEqual({
      name: 'ServiceUnavailableError',
      message: 'the storage is unavailable right now; try again shortly',
      status: 503,
    });
  });
});

describe('POST /v1/think', () => {
  it('returns the plan of the emotion, synchronously', async () => {
    // Act
    const reply = await apiHarness().call('think', {
      method: 'POST',
      path: '/v1/think',
      body: { emotion: 'quietly heartbroken, then slowly hopeful' },
    });

    // Assess
    expect(reply.status).toBe(200);
    const plan = ExpressionPlanSchema.parse(reply.body);
    expect(plan).toMatchObject({ prompt: 'quietly heartbroken, then slowly hopeful', reasoner: 'facs' });
    expect(plan.segments.length).toBeGreaterThan(1);
    expect(plan.chain.length).toBeGreaterThan(0);
  });

  it('refuses a blank emotion (400 on emotion) and maps an unavailable reasoner to 503', async () => {
    // Prepare
    const down: Reasoner = {
      id: 'bedrock:m',
      reason: async () => {
        throw new BedrockUnavailableError('throttled', 'ThrottlingException: Rate exceeded', 'm');
      },
    };

    // Act
    const blank = await apiHarness().call('think', {
      method: 'POST',
      path: '/v1/think',
      body: { emotion: '   ' },
    });
    const unavailable = await apiHarness({ reasoner: down }).call('think', {
      method: 'POST',
      path: '/v1/think',
      body: { emotion: 'happy', reasoner: 'bedrock' },
    });

    // Assess
    expect(blank.status).toBe(400);
    expect(blank.body.error).toMatchObject({ name: 'RequestValidationError', field: 'emotion' });
    expect(unavailable.status).toBe(503);
    expect(unavailable.body.error.message).not.toContain('Throttling');
  });
});
