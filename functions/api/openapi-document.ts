/**
 * The OpenAPI 3.1 document of the `/v1` API, generated from the route table
 * (core/contracts/api-routes.ts) and the zod schemas (core/contracts/api.ts). OpenAPI 3.1 schema
 * objects are JSON Schema 2020-12, which is what `z.toJSONSchema` writes: the named schemas go to
 * `components.schemas` through a zod registry (shared sub-schemas become `$ref`s), query
 * parameters are described one by one.
 *
 * Checked in as functions/api/openapi.json (scripts/write-openapi.ts writes it; a test compares
 * it with a fresh generation) and served at GET /v1/openapi.json. zod's refinements (e.g. "size
 * must be even") do not show in JSON Schema; the server still enforces them.
 */
import { z } from 'zod';
import {
  ApiErrorBodySchema,
  AudioUploadSchema,
  CreateJobRequestSchema,
  CreateJobResponseSchema,
  JobDownloadsSchema,
  JobProgressViewSchema,
  JobSummarySchema,
  JobViewSchema,
  ListJobsResponseSchema,
  PortraitUploadSchema,
  PresignedPostSchema,
  PreviewRequestSchema,
  StartJobResponseSchema,
  ThinkRequestSchema,
  UsageReportSchema,
} from '../../core/contracts/api.js';
import { API_ROUTES, type ApiRouteSpec, OPERATION_IDS } from '../../core/contracts/api-routes.js';
import { JobOptionsSchema } from '../../core/contracts/job-manifest.js';
import { JobErrorSchema } from '../../core/contracts/job-status.js';
import { ExpressionPlanSchema } from '../../core/plan/expression-plan.js';

type Json = { [key: string]: unknown };

export const OPENAPI_INFO = {
  title: 'think-before-draw API',
  version: '1.0.0',
  description:
    'Emotional talking-head videos from a portrait, a speech track and a free-text emotion. Create a ' +
    'job, upload the two media with the presigned POSTs it returns, start it, poll it, download the ' +
    'video. Every call but this document needs an API key in the `x-api-key` header; the key names ' +
    'the tenant, and a tenant only ever sees its own jobs.',
} as const;

/** Components, by name. Order is the document's. */
const NAMED_SCHEMAS: readonly (readonly [string, z.ZodType])[] = [
  ['CreateJobRequest', CreateJobRequestSchema],
  ['PortraitUpload', PortraitUploadSchema],
  ['AudioUpload', AudioUploadSchema],
  ['JobOptions', JobOptionsSchema],
  ['CreateJobResponse', CreateJobResponseSchema],
  ['PresignedPost', PresignedPostSchema],
  ['StartJobResponse', StartJobResponseSchema],
  ['JobView', JobViewSchema],
  ['JobDownloads', JobDownloadsSchema],
  ['JobProgress', JobProgressViewSchema],
  ['JobError', JobErrorSchema],
  ['JobSummary', JobSummarySchema],
  ['ListJobsResponse', ListJobsResponseSchema],
  ['ThinkRequest', ThinkRequestSchema],
  ['PreviewRequest', PreviewRequestSchema],
  ['ExpressionPlan', ExpressionPlanSchema],
  ['UsageReport', UsageReportSchema],
  ['ApiErrorBody', ApiErrorBodySchema],
];

const STATUS_TEXT: Readonly<Record<number, string>> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  400: 'The request is invalid: the message and `issues` name each field at fault.',
  401: 'No API key.',
  403: 'The API key is invalid or names no tenant.',
  404: 'No such job for this API key.',
  409: 'The job cannot start yet: a medium is not uploaded.',
  413: 'An upload is larger than declared, or the request body is too large.',
  415: 'The body is not application/json.',
  422: 'The request is well-formed but its content cannot be used (e.g. no face in the portrait).',
  429: 'Too many requests for the usage plan of this API key.',
  500: 'Internal error (no detail is given).',
  501: 'Not available in this deployment.',
  502: 'The reasoner gave an unusable answer.',
  503: 'A dependency is unavailable; try again shortly.',
};

function clean(schema: unknown): Json {
  const { $schema: _schema, $id: _id, ...rest } = schema as Json;
  return rest;
}

function components(): { schemas: Record<string, Json>; refOf: (schema: z.ZodType) => Json } {
  const registry = z.registry<{ id: string }>();
  const ids = new Map<z.ZodType, string>();
  for (const [id, schema] of NAMED_SCHEMAS) {
    registry.add(schema, { id });
    ids.set(schema, id);
  }
  const generated = z.toJSONSchema(registry, {
    target: 'draft-2020-12',
    uri: (id) => `#/components/schemas/${id}`,
    io: 'output',
    unrepresentable: 'throw',
  }) as { schemas: Record<string, unknown> };
  const schemas: Record<string, Json> = {};
  for (const [id] of NAMED_SCHEMAS) schemas[id] = clean(generated.schemas[id]);
  const refOf = (schema: z.ZodType): Json => {
    const id = ids.get(schema);
    return id ? { $ref: `#/components/schemas/${id}` } : clean(z.toJSONSchema(schema, { io: 'output' }));
  };
  return { schemas, refOf };
}

function parametersOf(spec: ApiRouteSpec): Json[] {
  const parameters: Json[] = [];
  for (const match of spec.path.matchAll(/\{([^}]+)\}/g)) {
    parameters.push({
      name: match[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
      description: 'The job id that POST /v1/jobs returned.',
    });
  }
  for (const [name, field] of Object.entries(spec.query?.shape ?? {})) {
    const schema = clean(z.toJSONSchema(field as z.ZodType, { io: 'input' }));
    const { description, ...rest } = schema;
    parameters.push({
      name,
      in: 'query',
      required: !(field as z.ZodType).safeParse(undefined).success,
      ...(description ? { description } : {}),
      schema: rest,
    });
  }
  return parameters;
}

function json(schema: Json): Json {
  return { 'application/json': { schema } };
}

function operationOf(operationId: string, spec: ApiRouteSpec, refOf: (schema: z.ZodType) => Json): Json {
  const error = { $ref: '#/components/schemas/ApiErrorBody' };
  const headers = Object.entries(spec.responseHeaders ?? {}).map(([name, description]) => [
    name,
    { description, schema: { type: 'string' } },
  ]);
  const responses: Record<string, Json> = {
    [spec.status]: {
      description: STATUS_TEXT[spec.status],
      ...(headers.length > 0 ? { headers: Object.fromEntries(headers) } : {}),
      content:
        spec.responseType === 'image/png'
          ? { 'image/png': { schema: { type: 'string', contentMediaType: 'image/png' } } }
          : json(
              spec.response
                ? refOf(spec.response)
                : { type: 'object', description: 'An OpenAPI 3.1 document.' },
            ),
    },
  };
  for (const status of [...spec.errors, 500])
    responses[status] = { description: STATUS_TEXT[status], content: json(error) };
  const parameters = parametersOf(spec);
  return {
    operationId,
    summary: spec.summary,
    description: spec.description,
    security: spec.auth === 'apiKey' ? [{ apiKey: [] }] : [],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(spec.body ? { requestBody: { required: true, content: json(refOf(spec.body)) } } : {}),
    responses,
  };
}

export function openApiDocument(): Json {
  const { schemas, refOf } = components();
  const paths: Record<string, Record<string, Json>> = {};
  for (const operationId of OPERATION_IDS) {
    const spec: ApiRouteSpec = API_ROUTES[operationId];
    paths[spec.path] ??= {};
    (paths[spec.path] as Record<string, Json>)[spec.method.toLowerCase()] = operationOf(
      operationId,
      spec,
      refOf,
    );
  }
  return {
    openapi: '3.1.0',
    info: { ...OPENAPI_INFO },
    paths,
    components: {
      schemas,
      securitySchemes: {
        apiKey: {
          type: 'apiKey',
          in: 'header',
          name: 'x-api-key',
          description: 'Your API key; it names your tenant. Locally: <data-dir>/api-keys.json.',
        },
      },
    },
  };
}

/** The document as the checked-in file holds it. */
export function openApiText(): string {
  return `${JSON.stringify(openApiDocument(), null, 2)}\n`;
}
