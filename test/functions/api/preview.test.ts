/**
 * POST /v1/preview over a fake renderer: the PNG as bytes with the face box in headers, the plan
 * given or thought from the text, the request problems as 400s on their field, an unusable
 * portrait as a 422 named after the domain error, and 501 where no renderer is plugged in.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { ApiErrorBodySchema } from '../../../core/contracts/api.js';
import { FacsReasoner } from '../../../core/facs/facs-reasoner.js';
import type { ExpressionPlan } from '../../../core/plan/expression-plan.js';
import type { Previewer, PreviewerInput } from '../../../functions/api/previewer.js';
import { apiHarness } from './fixtures.js';

beforeAll(() => {
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
});

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const PORTRAIT = Buffer.from('not really an image, the fake renderer does not look');

/** Records what it was asked; `fail` makes it throw an error of that name. */
function fakePreviewer(fail?: string) {
  const inputs: PreviewerInput[] = [];
  const previewer: Previewer = {
    async render(input) {
      inputs.push(input);
      if (fail) {
        const error = new Error(
          `no face found in the portrait (64×64); use a portrait with one clearly visible face`,
        );
        error.name = fail;
        throw error;
      }
      return {
        png: new Uint8Array(PNG),
        sourceBox: { x: 10.26, y: 20, width: 30, height: 40.04 },
        source: { width: 64, height: 64 },
        segment: input.plan ? (input.segment ?? 0) : -1,
        cache: 'miss',
        timings: { analysisMs: 200, rendererMs: 150, renderMs: 20, encodeMs: 5, totalMs: 375 },
      };
    },
  };
  return { inputs, previewer };
}

async function call(body: unknown, previewer?: Previewer) {
  const api = apiHarness(previewer ? { previewer } : {});
  return api.call('preview', { method: 'POST', path: '/v1/preview', body });
}

let plan: ExpressionPlan;
beforeAll(async () => {
  plan = await new FacsReasoner().reason('slightly sad, then furious');
});

describe('POST /v1/preview', () => {
  it('answers the PNG as bytes, with the face box, the source size, the segment and the timings', async () => {
    // Prepare
    const { inputs, previewer } = fakePreviewer();

    // Act
    const reply = await call(
      { portrait: PORTRAIT.toString('base64'), plan, segment: 1, intensity: 1.5 },
      previewer,
    );

    // Assess
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('image/png');
    expect(reply.bytes).toEqual(PNG);
    expect(reply.headers['x-face-box']).toBe('10.3,20,30,40');
    expect(reply.headers['x-source-size']).toBe('64,64');
    expect(reply.headers['x-preview-segment']).toBe('1');
    expect(reply.headers['x-preview-cache']).toBe('miss');
    expect(reply.headers['server-timing']).toBe(
      'analysis;dur=200.0, renderer;dur=150.0, render;dur=20.0, encode;dur=5.0',
    );
    expect(reply.headers['access-control-expose-headers']).toContain('X-Face-Box');
    expect(reply.headers['access-control-allow-origin']).toBe('*');
    expect(Buffer.from(inputs[0]!.portrait)).toEqual(PORTRAIT);
    expect(inputs[0]).toMatchObject({ plan, segment: 1, intensity: 1.5 });
  });

  it('thinks the plan from `emotion`, and shows the neutral face with neither', async () => {
    // Prepare
    const { inputs, previewer } = fakePreviewer();

    // Act
    await call({ portrait: PORTRAIT.toString('base64'), emotion: 'furious' }, previewer);
    await call({ portrait: PORTRAIT.toString('base64') }, previewer);

    // Assess
    expect(inputs[0]?.plan?.prompt).toBe('furious');
    expect(inputs[1]?.plan).toBeUndefined();
  });

  it.each([
    ['a portrait that is not base64', { portrait: 'data:image/png;base64,AAAA' }, 'portrait'],
    ['both a plan and an emotion', { plan: 'PLAN', emotion: 'furious' }, 'emotion'],
    ['a segment the plan does not have', { plan: 'PLAN', segment: 2 }, 'segment'],
    ['a segment without a plan', { segment: 0 }, 'segment'],
    ['an odd size', { size: 385 }, 'size'],
    ['an unknown field', { portrait2: 'AAAA' }, ''],
  ])('refuses %s: 400 naming the field', async (_, overrides, field) => {
    // Prepare
    const { inputs, previewer } = fakePreviewer();
    const body = { portrait: PORTRAIT.toString('base64'), ...overrides } as Record<string, unknown>;
    if (body.plan === 'PLAN') body.plan = plan;

    // Act
    const reply = await call(body, previewer);

    // Assess
    expect(reply.status).toBe(400);
    const { error } = ApiErrorBodySchema.parse(reply.body);
    expect(error.name).toBe('RequestValidationError');
    if (field) expect(error.field).toBe(field);
    expect(inputs).toHaveLength(0);
  });

  it('refuses a plan with an action unit FACS does not know: 400 on plan', async () => {
    // Prepare
    const { previewer } = fakePreviewer();
    const strange = structuredClone(plan);
    strange.segments[0]!.actionUnits.push({ au: 99, name: 'Nonsense', intensity: 0.5, side: 'both' });

    // Act
    const reply = await call({ portrait: PORTRAIT.toString('base64'), plan: strange }, previewer);

    // Assess
    expect(reply.status).toBe(400);
    const { error } = ApiErrorBodySchema.parse(reply.body);
    expect(error.field).toBe('plan');
    expect(error.message).toContain('AU99');
  });

  it('an unusable portrait is a 422 named after the domain error, on portrait, in its words', async () => {
    // Prepare
    const { previewer } = fakePreviewer('NoFaceError');

    // Act
    const reply = await call({ portrait: PORTRAIT.toString('base64') }, previewer);

    // Assess
    expect(reply.status).toBe(422);
    const { error } = ApiErrorBodySchema.parse(reply.body);
    expect(error).toMatchObject({ name: 'NoFaceError', field: 'portrait', status: 422 });
    expect(error.message).toMatch(/^no face found/);
  });

  it('answers 501 where no renderer is plugged in (the Lambdas)', async () => {
    // Act
    const reply = await call({ portrait: PORTRAIT.toString('base64') });

    // Assess
    expect(reply.status).toBe(501);
    expect(ApiErrorBodySchema.parse(reply.body).error.name).toBe('NotImplementedError');
  });

  it('a renderer failure that is not the input is a bare 500', async () => {
    // Prepare
    const { previewer } = fakePreviewer('RangeError');

    // Act
    const reply = await call({ portrait: PORTRAIT.toString('base64') }, previewer);

    // Assess
    expect(reply.status).toBe(500);
    expect(ApiErrorBodySchema.parse(reply.body).error.message).toBe('internal error');
  });
});
