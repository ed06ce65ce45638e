/**
 * One route of the API as a thin middy handler over a function `(input) -> { status?, body }`.
 * The middleware stack, in `use` order:
 *
 *   injectLambdaContext          Powertools: request id and cold start on every log line
 *   http-header-normalizer       header names in lower case
 *   parse event                  zod: the API Gateway event is what we expect (else 500)
 *   authenticate                 apiKey routes: requestContext.identity.apiKeyId -> tenant (403)
 *   json body (routes with one)  http-json-body-parser; its errors become 415 / 400 naming the problem
 *   validate                     zod: body and query -> 400 listing each field; a malformed id -> 404
 *   http-security-headers
 *   http-cors                    origins from the settings (API keys, no cookies: '*' by default)
 *   http-error-handler           LAST: the first to see an error, so cors and security headers
 *                                decorate the error response too
 *
 * Every error leaves as an HttpError whose message is the JSON error body (api-errors.ts), so
 * http-error-handler answers with it as it is; an unexpected error is logged and answered with
 * a bare 500 (messages are only exposed below 500).
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy, { type MiddlewareObj } from '@middy/core';
import httpCors from '@middy/http-cors';
import httpErrorHandler from '@middy/http-error-handler';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import httpSecurityHeaders from '@middy/http-security-headers';
import type { z } from 'zod';
import type { ApiRouteSpec } from '../../core/contracts/api-routes.js';
import { toFieldIssues } from '../../core/jobs/field-issues.js';
import {
  INTERNAL_ERROR_BODY,
  JobNotFoundError,
  MalformedJsonError,
  RequestValidationError,
  toHttpError,
  UnsupportedMediaTypeError,
} from './api-errors.js';
import { type ApiGatewayEvent, ApiGatewayEventSchema, type ApiGatewayResult } from './api-event.js';
import { type TenantOfKey, tenantOfEvent } from './tenancy.js';

export const API_CORS_DEFAULTS = {
  /** Origins allowed to call the API from a browser. @default ['*'] */
  origins: ['*'] as readonly string[],
  /** @default 'content-type,x-api-key' */
  headers: 'content-type,x-api-key',
  /** @default 'GET,POST,OPTIONS' */
  methods: 'GET,POST,OPTIONS',
  /** Seconds a browser may cache a preflight answer. @default 600 */
  maxAge: 600,
} as const;

export interface CorsSettings {
  readonly origins: readonly string[];
}

/** What a route function receives. */
export interface RouteInput<TBody, TQuery> {
  readonly body: TBody;
  readonly query: TQuery;
  readonly params: Readonly<Record<string, string>>;
  /** The caller's tenant; '' on public routes. */
  readonly tenant: string;
  readonly event: ApiGatewayEvent;
}

export interface RouteOutput {
  /** @default the route's success status */
  readonly status?: number;
  /** JSON-serialised, or sent as bytes when a Uint8Array (give its Content-Type in `headers`). */
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export type BodyOf<S> = S extends { body: z.ZodType } ? z.output<S['body']> : undefined;
export type QueryOf<S> = S extends { query: z.ZodType } ? z.output<S['query']> : undefined;

export interface HttpRouteOptions {
  readonly tenantOf: TenantOfKey;
  readonly cors: CorsSettings;
  readonly logger: Logger;
}

interface Parsed {
  event?: ApiGatewayEvent;
  tenant?: string;
  body?: unknown;
  query?: unknown;
}

type Request = middy.Request<unknown, ApiGatewayResult, Error, unknown>;

/** A `before` middleware whose errors leave as HTTP errors. */
function before(
  step: (request: Request, parsed: Parsed) => void | Promise<void>,
  state: WeakMap<object, Parsed>,
) {
  return {
    before: async (request: Request) => {
      try {
        const key = request.event as object;
        const parsed = state.get(key) ?? {};
        state.set(key, parsed);
        await step(request, parsed);
      } catch (error) {
        throw toHttpError(error);
      }
    },
  } satisfies MiddlewareObj<unknown, ApiGatewayResult>;
}

function parseEvent(request: Request, parsed: Parsed): void {
  const result = ApiGatewayEventSchema.safeParse(request.event);
  if (!result.success)
    throw new Error(
      `not an API Gateway proxy event: ${result.error.issues.map((i) => i.message).join('; ')}`,
    );
  parsed.event = result.data;
}

const jsonParser = httpJsonBodyParser();

/** http-json-body-parser, with its 415s told apart: no JSON type, or no JSON (a 400 saying why). */
async function parseJsonBody(request: Request): Promise<void> {
  const event = request.event as { body?: unknown; headers?: Record<string, string> | null };
  if (event.body === undefined || event.body === null || event.body === '')
    throw new RequestValidationError('body', [
      { path: '', message: 'the request has no body; send a JSON object' },
    ]);
  try {
    await jsonParser.before?.(request as never);
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause;
    if ((error as Error).message === 'Unsupported Media Type')
      throw new UnsupportedMediaTypeError(event.headers?.['content-type']);
    throw new MalformedJsonError(cause?.message ?? 'unparsable', { cause: error });
  }
}

function validateInput(spec: ApiRouteSpec, request: Request, parsed: Parsed): void {
  const event = parsed.event as ApiGatewayEvent;
  if (spec.body) {
    const result = spec.body.safeParse((request.event as { body?: unknown }).body);
    if (!result.success) throw new RequestValidationError('body', toFieldIssues(result.error));
    parsed.body = result.data;
  }
  if (spec.query) {
    const result = spec.query.safeParse(event.queryStringParameters ?? {});
    if (!result.success) throw new RequestValidationError('query', toFieldIssues(result.error));
    parsed.query = result.data;
  }
  const id = event.pathParameters?.id;
  if (spec.path.includes('{id}') && !id) throw new JobNotFoundError('');
}

export function httpRoute<S extends ApiRouteSpec>(
  spec: S,
  options: HttpRouteOptions,
  run: (input: RouteInput<BodyOf<S>, QueryOf<S>>) => Promise<RouteOutput>,
) {
  const state = new WeakMap<object, Parsed>();
  const { logger } = options;

  const handler = async (event: unknown): Promise<ApiGatewayResult> => {
    const parsed = state.get(event as object) ?? {};
    let output: RouteOutput;
    try {
      output = await run({
        body: parsed.body as BodyOf<S>,
        query: parsed.query as QueryOf<S>,
        params: (parsed.event?.pathParameters ?? {}) as Record<string, string>,
        tenant: parsed.tenant ?? '',
        event: parsed.event as ApiGatewayEvent,
      });
    } catch (error) {
      throw toHttpError(error);
    }
    // Bytes (an image) travel base64 with isBase64Encoded, as API Gateway expects of a proxy result.
    const { body } = output;
    const binary = body instanceof Uint8Array;
    return {
      statusCode: output.status ?? spec.status,
      headers: {
        'Content-Type': binary ? 'application/octet-stream' : 'application/json; charset=utf-8',
        'Cache-Control': 'no-store',
        ...output.headers,
      },
      body: binary
        ? Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('base64')
        : JSON.stringify(body),
      ...(binary ? { isBase64Encoded: true } : {}),
    };
  };

  const route = middy<unknown, ApiGatewayResult>(handler)
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(httpHeaderNormalizer())
    .use(before(parseEvent, state))
    .use(
      before((_request, parsed) => {
        if (spec.auth === 'apiKey')
          parsed.tenant = tenantOfEvent(parsed.event as ApiGatewayEvent, options.tenantOf);
      }, state),
    );
  if (spec.body) route.use(before(parseJsonBody, state));
  return route
    .use(before((request, parsed) => validateInput(spec, request, parsed), state))
    .use(httpSecurityHeaders({ crossOriginResourcePolicy: { policy: 'cross-origin' } }))
    .use(
      httpCors({
        origins: [...options.cors.origins],
        headers: API_CORS_DEFAULTS.headers,
        methods: API_CORS_DEFAULTS.methods,
        maxAge: API_CORS_DEFAULTS.maxAge,
      }),
    )
    .use(
      httpErrorHandler({
        fallbackMessage: JSON.stringify(INTERNAL_ERROR_BODY),
        logger: (error: unknown) => {
          const status = (error as { statusCode?: number })?.statusCode;
          if (status === undefined || status >= 500)
            logger.error('request failed', { error: error as Error });
        },
      }),
    );
}
