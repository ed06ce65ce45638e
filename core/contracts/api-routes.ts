/**
 * The routes of the `/v1` API, as data: one table read by the Lambda entries
 * (functions/api/handler.ts exports one handler per `operationId`), the local HTTP adapter
 * (local/api), the OpenAPI generator and the CDK construct (infra/constructs/api.ts), so the
 * four never disagree on a path, a method or whether a key is needed.
 *
 * A new endpoint (e.g. `POST /v1/preview` of the web studio) is one more entry here, one handler
 * module, one export in handler.ts.
 */
import type { z } from 'zod';
import {
  API_LIMITS,
  CreateJobRequestSchema,
  CreateJobResponseSchema,
  JobViewSchema,
  ListJobsQuerySchema,
  ListJobsResponseSchema,
  PREVIEW_HEADERS,
  PreviewRequestSchema,
  StartJobResponseSchema,
  ThinkRequestSchema,
  ThinkResponseSchema,
  UsageQuerySchema,
  UsageReportSchema,
} from './api.js';

export type HttpMethod = 'GET' | 'POST';

/** `apiKey`: the caller's API key (header `x-api-key`) names its tenant; `none`: public. */
export type RouteAuth = 'apiKey' | 'none';

export interface ApiRouteSpec {
  readonly method: HttpMethod;
  /** API Gateway resource syntax: `/v1/jobs/{id}`. */
  readonly path: string;
  readonly summary: string;
  readonly description: string;
  readonly auth: RouteAuth;
  /** Status of the success response. */
  readonly status: 200 | 201 | 202;
  readonly body?: z.ZodType;
  readonly query?: z.ZodObject;
  /** Schema of the success body; undefined: a JSON document described elsewhere (OpenAPI itself). */
  readonly response?: z.ZodType;
  /** Error statuses this route answers with, besides 500. */
  readonly errors: readonly number[];
  /** Media type of the success body. @default 'application/json' */
  readonly responseType?: 'application/json' | 'image/png';
  /** Headers of the success response, name -> description (for the OpenAPI document). */
  readonly responseHeaders?: Readonly<Record<string, string>>;
  /** Largest request body in bytes, where the server enforces one (tbd serve). @default 1 MiB */
  readonly bodyMaxBytes?: number;
}

const KEYED_ERRORS = [401, 403, 429] as const;

export const API_ROUTES = {
  createJob: {
    method: 'POST',
    path: '/v1/jobs',
    summary: 'Create a job and get presigned uploads',
    description:
      'Declares the emotion, the options and the two media (type and size). Answers with the job id ' +
      'and one presigned POST per medium: upload the portrait and the speech with them, then start the job.',
    auth: 'apiKey',
    status: 201,
    body: CreateJobRequestSchema,
    response: CreateJobResponseSchema,
    errors: [400, 415, ...KEYED_ERRORS],
  },
  listJobs: {
    method: 'GET',
    path: '/v1/jobs',
    summary: "List the caller's jobs, newest first",
    description: 'Pages of at most `limit` jobs; pass `nextCursor` back as `cursor` for the next page.',
    auth: 'apiKey',
    status: 200,
    query: ListJobsQuerySchema,
    response: ListJobsResponseSchema,
    errors: [400, ...KEYED_ERRORS],
  },
  getJob: {
    method: 'GET',
    path: '/v1/jobs/{id}',
    summary: 'A job: its stage, and download URLs once it succeeded',
    description:
      'The status of the job (created, queued, thinking, drawing, publishing, succeeded or failed), ' +
      'the error of a failed job, and presigned GET URLs of the video, the preview and the plan of a ' +
      'succeeded one. Another tenant\'s job is "not found".',
    auth: 'apiKey',
    status: 200,
    response: JobViewSchema,
    errors: [404, ...KEYED_ERRORS],
  },
  startJob: {
    method: 'POST',
    path: '/v1/jobs/{id}/start',
    summary: 'Start a job whose media are uploaded',
    description:
      'Writes the job manifest (job.json), which starts the pipeline exactly as a file drop does. ' +
      'Starting a started job again changes nothing and answers the same.',
    auth: 'apiKey',
    status: 202,
    response: StartJobResponseSchema,
    errors: [404, 409, 413, ...KEYED_ERRORS],
  },
  think: {
    method: 'POST',
    path: '/v1/think',
    summary: 'Decompose an emotion into an expression plan, synchronously',
    description:
      'The Think stage alone: appraisal, emotions with weights, valence and arousal, FACS action ' +
      'units and per-region muscle descriptions, with the chain of thought.',
    auth: 'apiKey',
    status: 200,
    body: ThinkRequestSchema,
    response: ThinkResponseSchema,
    errors: [400, 415, 502, 503, ...KEYED_ERRORS],
  },
  preview: {
    method: 'POST',
    path: '/v1/preview',
    summary: 'A still of the portrait at the expression of a plan, as PNG',
    description:
      "One frame rendered as the video would show the plan's apex (or a chosen segment), with the mouth " +
      "closed and the head still, at `intensity`: fast enough to follow AU sliders (the portrait's face " +
      'analysis is cached by its hash, so previews after the first only render). The face box found in the ' +
      'portrait comes back in headers. Not metered. Ask with `Accept: image/png`.',
    auth: 'apiKey',
    status: 200,
    body: PreviewRequestSchema,
    responseType: 'image/png',
    responseHeaders: {
      [PREVIEW_HEADERS.faceBox]: 'The face box in the portrait\'s pixels: "x,y,width,height".',
      [PREVIEW_HEADERS.sourceSize]: 'The portrait\'s size (upright): "width,height".',
      [PREVIEW_HEADERS.segment]: 'The plan segment shown (0-based); -1 for the neutral face.',
      [PREVIEW_HEADERS.cache]: '"hit" when the portrait\'s face analysis was cached.',
      [PREVIEW_HEADERS.timing]: 'analysis, renderer, render and encode durations in ms.',
    },
    bodyMaxBytes: Math.ceil(API_LIMITS.previewPortraitMaxBytes / 3) * 4 + 256 * 1024,
    errors: [400, 413, 415, 422, 501, 502, 503, ...KEYED_ERRORS],
  },
  getUsage: {
    method: 'GET',
    path: '/v1/usage',
    summary: "The caller's metered usage for a month",
    description:
      'Seconds of video, frames and sampler seconds of the jobs published in the period (the ' +
      'current month, UTC, unless `period` names another), and the number of jobs created.',
    auth: 'apiKey',
    status: 200,
    query: UsageQuerySchema,
    response: UsageReportSchema,
    errors: [400, ...KEYED_ERRORS],
  },
  getOpenApi: {
    method: 'GET',
    path: '/v1/openapi.json',
    summary: 'This document',
    description: 'The OpenAPI 3.1 description of the API, generated from its zod schemas.',
    auth: 'none',
    status: 200,
    errors: [],
  },
} as const satisfies Record<string, ApiRouteSpec>;

export type OperationId = keyof typeof API_ROUTES;

export const OPERATION_IDS = Object.keys(API_ROUTES) as OperationId[];

export type RouteMatch =
  | { readonly kind: 'route'; readonly operationId: OperationId; readonly params: Record<string, string> }
  | { readonly kind: 'method-not-allowed'; readonly allow: readonly HttpMethod[] }
  | { readonly kind: 'not-found' };

function segmentsOf(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '');
}

/** `{id}` segments match one non-empty segment; the value is percent-decoded. */
function matchPath(template: string, path: string): Record<string, string> | undefined {
  const want = segmentsOf(template);
  const got = segmentsOf(path);
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const pattern = want[i] as string;
    const value = got[i] as string;
    if (pattern.startsWith('{') && pattern.endsWith('}')) {
      try {
        params[pattern.slice(1, -1)] = decodeURIComponent(value);
      } catch {
        return undefined;
      }
    } else if (pattern !== value) return undefined;
  }
  return params;
}

/** The route of a request, as API Gateway would choose it (literal segments before parameters). */
export function matchRoute(method: string, path: string): RouteMatch {
  const allow: HttpMethod[] = [];
  const candidates = OPERATION_IDS.map((operationId) => ({ operationId, spec: API_ROUTES[operationId] }))
    // Literal segments win over parameters (`/v1/jobs/x` before `/v1/jobs/{id}`), as in API Gateway.
    .sort((a, b) => a.spec.path.split('{').length - b.spec.path.split('{').length);
  for (const { operationId, spec } of candidates) {
    const params = matchPath(spec.path, path);
    if (!params) continue;
    if (spec.method === method) return { kind: 'route', operationId, params };
    if (!allow.includes(spec.method)) allow.push(spec.method);
  }
  return allow.length > 0 ? { kind: 'method-not-allowed', allow } : { kind: 'not-found' };
}
