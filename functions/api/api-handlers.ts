/**
 * One handler per route of the table (core/contracts/api-routes.ts), over one set of
 * dependencies: what the Lambda entries export (handler.ts) and what the local HTTP adapter
 * calls (local/api). A route added to the table without a handler here fails to type-check.
 */
import type { OperationId } from '../../core/contracts/api-routes.js';
import type { ApiDeps } from './api-deps.js';
import type { ApiLambdaHandler } from './api-event.js';
import { createJobHandler } from './routes/create-job.js';
import { getJobHandler } from './routes/get-job.js';
import { getOpenApiHandler } from './routes/get-openapi.js';
import { getUsageHandler } from './routes/get-usage.js';
import { listJobsHandler } from './routes/list-jobs.js';
import { previewHandler } from './routes/preview.js';
import { startJobHandler } from './routes/start-job.js';
import { thinkHandler } from './routes/think.js';

export type ApiHandlers = Readonly<Record<OperationId, ApiLambdaHandler>>;

export function createApiHandlers(deps: ApiDeps): ApiHandlers {
  const handlers = {
    createJob: createJobHandler(deps),
    listJobs: listJobsHandler(deps),
    getJob: getJobHandler(deps),
    startJob: startJobHandler(deps),
    think: thinkHandler(deps),
    preview: previewHandler(deps),
    getUsage: getUsageHandler(deps),
    getOpenApi: getOpenApiHandler(deps),
  } satisfies Record<OperationId, unknown>;
  return handlers as unknown as ApiHandlers;
}
