/**
 * Lambda entry of POST /v1/preview: the API's own preview route (routes/preview.ts: the same
 * schemas, limits and error bodies as every host) with the Draw stage's PreviewRenderer plugged
 * in, as `tbd serve` does (local/api/mount-api.ts). The renderer needs sharp's libvips and
 * @vladmandic/human's wasm backend and models on disk, so this entry runs in the container image
 * of containers/gpu-sampler/Dockerfile.preview (infra/constructs/preview-function.ts), bundled
 * with sharp, human and tfjs left in node_modules. Environment: lambda-api-deps.ts.
 *
 * The renderer lives as long as the execution environment: a portrait's face analysis, made on
 * its first preview (~1 s cold, with human's models), is cached by the portrait's hash, so the
 * studio's slider previews that follow only render and encode (~20-40 ms at 384 px).
 */
import { PreviewRenderer } from '../../containers/gpu-sampler/src/pipeline/render-preview.js';
import { createApiHandlers } from './api-handlers.js';
import { lambdaApiDeps } from './lambda-api-deps.js';

export const preview = createApiHandlers(lambdaApiDeps({ previewer: new PreviewRenderer() })).preview;
