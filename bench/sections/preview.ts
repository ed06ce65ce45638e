/**
 * The studio's expression preview (issue 10: under 100 ms per preview after the first, on 2 cores):
 * the first preview of a portrait (face mesh + renderer set-up + render + PNG) and the ones that
 * follow a slider (render + PNG), at 384 and 512 px; then the whole round trip the page makes,
 * `POST /v1/preview` with the portrait in base64 through tbd serve's HTTP adapter. The plan
 * changes between runs, as a slider does, so nothing but the portrait's analysis and renderer is
 * reused.
 */
import { readFile } from 'node:fs/promises';
import { Logger } from '@aws-lambda-powertools/logger';
import { PreviewRenderer } from '../../containers/gpu-sampler/src/pipeline/render-preview.js';
import { FacsReasoner } from '../../core/facs/facs-reasoner.js';
import type { ExpressionPlan } from '../../core/plan/expression-plan.js';
import { apiDeps } from '../../functions/api/api-deps.js';
import { createApiHandlers } from '../../functions/api/api-handlers.js';
import { MemoryPresigner } from '../../functions/api/memory-presigner.js';
import { tenantDirectory } from '../../functions/api/tenancy.js';
import { MemoryObjectStore } from '../../functions/shared/memory-object-store.js';
import { createApiRoute } from '../../local/api/http-adapter.js';
import { createApiServer } from '../../local/stack/api-server.js';
import { createStackLog } from '../../local/stack/stack-log.js';
import { type Measurement, measure } from '../measure.js';

export const PREVIEW_BENCH = { sizes: [384, 512], emotion: 'happily surprised' } as const;

/** The plan with every AU intensity scaled by `factor` (clamped), as a moved slider would leave it. */
function scaled(plan: ExpressionPlan, factor: number): ExpressionPlan {
  return {
    ...plan,
    reasoner: 'user',
    segments: plan.segments.map((s) => ({
      ...s,
      actionUnits: s.actionUnits.map((a) => ({ ...a, intensity: Math.min(1, a.intensity * factor) })),
    })),
  };
}

/** POST /v1/preview on a local API server (the page's round trip, minus the browser). */
async function benchPreviewHttp(
  portrait: Uint8Array,
  plan: ExpressionPlan,
  runs: number,
): Promise<Measurement> {
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  const key = 'tbd_bench-preview-key-0123456789';
  const entry = { id: 'bench', tenant: 'bench', key };
  const handlers = createApiHandlers(
    apiDeps({
      objects: new MemoryObjectStore('tbd'),
      presigner: new MemoryPresigner('tbd'),
      reasonerFor: () => new FacsReasoner(),
      tenantOf: tenantDirectory({ bench: 'bench' }),
      logger: new Logger({ serviceName: 'api', logLevel: 'SILENT' }),
      previewer: new PreviewRenderer(),
    }),
  );
  const server = createApiServer({
    health: () => ({ status: 'ok' }),
    log: createStackLog({ level: 'silent' }),
  });
  server.mount('/v1', createApiRoute({ handlers, keys: { find: (k) => (k === key ? entry : undefined) } }));
  await server.listen(0, '127.0.0.1');
  const base64 = Buffer.from(portrait).toString('base64');
  let k = 0;
  const post = async () => {
    k++;
    const response = await fetch(`${server.url}/v1/preview`, {
      method: 'POST',
      headers: { 'x-api-key': key, 'content-type': 'application/json', accept: 'image/png' },
      body: JSON.stringify({ portrait: base64, plan: scaled(plan, 0.5 + (k % 10) / 10), size: 384 }),
    });
    if (!response.ok) throw new Error(`POST /v1/preview: ${response.status} ${await response.text()}`);
    await response.arrayBuffer();
  };
  try {
    await post(); // the first: analysis and renderer
    return await measure('POST /v1/preview 384 px over HTTP, next (portrait sent each time)', post, {
      runs: Math.max(runs, 10),
    });
  } finally {
    await server.close();
  }
}

export async function benchPreview(runs: number): Promise<Measurement[]> {
  const portrait = new Uint8Array(await readFile('examples/portrait-astronaut.png'));
  const plan = await new FacsReasoner().reason(PREVIEW_BENCH.emotion);
  const results: Measurement[] = [];
  for (const size of PREVIEW_BENCH.sizes) {
    // A fresh cache per run: every run is a first preview.
    const first = await measure(`preview ${size} px, first (face mesh + renderer set-up)`, () =>
      new PreviewRenderer().render({ portrait, plan, size }),
    );
    results.push(first);

    const previews = new PreviewRenderer();
    await previews.render({ portrait, plan, size });
    let k = 0;
    const timings = { renderMs: 0, encodeMs: 0 };
    const next = await measure(
      `preview ${size} px, next (slider moved)`,
      async () => {
        k++;
        const image = await previews.render({ portrait, plan: scaled(plan, 0.5 + (k % 10) / 10), size });
        timings.renderMs += image.timings.renderMs;
        timings.encodeMs += image.timings.encodeMs;
      },
      { runs: Math.max(runs, 10) },
    );
    results.push({
      ...next,
      extra: { meanRenderMs: timings.renderMs / k, meanPngMs: timings.encodeMs / k },
    });
  }
  results.push(await benchPreviewHttp(portrait, plan, runs));
  return results;
}
