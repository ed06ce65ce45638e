/**
 * Lambda entries of the `/v1` API: one exported handler per route (named by its operationId in
 * core/contracts/api-routes.ts), one bundle. infra/constructs/api.ts gives each route its own
 * function (and so its own role) from this file, but for POST /v1/preview, whose function is the
 * container image of preview-handler.ts (the renderer's native and wasm dependencies do not fit
 * an esbuild bundle). Environment: lambda-api-deps.ts.
 */
import { createApiHandlers } from './api-handlers.js';
import { lambdaApiDeps } from './lambda-api-deps.js';

const handlers = createApiHandlers(lambdaApiDeps());

export const createJob = handlers.createJob;
export const listJobs = handlers.listJobs;
export const getJob = handlers.getJob;
export const startJob = handlers.startJob;
export const think = handlers.think;
/**
 * 501: this bundle carries no renderer. The deployed POST /v1/preview is preview-handler.ts's
 * (infra/constructs/preview-function.ts); this export keeps the table complete for other hosts.
 */
export const preview = handlers.preview;
export const getUsage = handlers.getUsage;
export const getOpenApi = handlers.getOpenApi;
