/**
 * node:http -> the API's Lambda handlers, playing API Gateway's part for `tbd serve`:
 *
 *   1. route: the table of core/contracts/api-routes.ts (404 / 405 with Allow otherwise)
 *   2. CORS preflight (OPTIONS): answered here, as API Gateway's preflight mock does in the cloud
 *   3. API key: routes that need one read `x-api-key`; missing -> 401 MissingApiKeyError,
 *      unknown -> 403 InvalidApiKeyError (API Gateway answers 403 to both); a known key's id goes
 *      into `requestContext.identity.apiKeyId`, where the handlers find their tenant
 *   4. the body (at most the route's `bodyMaxBytes`, else the adapter's, else 413), as the proxy
 *      event's string body; bytes that are not UTF-8 are a 400 MalformedJsonError saying so (API
 *      Gateway hands the Lambda text, so the handlers never see them)
 *   5. a REST API proxy event (payload 1.0) -> the route's handler -> its result written back
 *
 * The handlers are the very ones the Lambdas export (functions/api/api-handlers.ts).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  API_ROUTES,
  type ApiRouteSpec,
  matchRoute,
  type OperationId,
} from '../../core/contracts/api-routes.js';
import {
  type ApiError,
  errorBody,
  InvalidApiKeyError,
  MalformedJsonError,
  MissingApiKeyError,
  RequestTooLargeError,
  RouteNotFoundError,
} from '../../functions/api/api-errors.js';
import type { ApiGatewayEvent, ApiGatewayResult } from '../../functions/api/api-event.js';
import type { ApiHandlers } from '../../functions/api/api-handlers.js';
import { API_CORS_DEFAULTS } from '../../functions/api/http-route.js';
import { localLambdaContext } from '../../functions/shared/local-invoke.js';
import type { ApiRoute } from '../stack/api-server.js';
import type { ApiKeys } from './api-keys-file.js';

export const HTTP_ADAPTER_DEFAULTS = {
  /** Largest request body, in bytes (the API's bodies are small JSON objects). @default 1048576 */
  bodyMaxBytes: 1024 * 1024,
  /** The stage name in `requestContext.stage`. @default 'local' */
  stage: 'local',
} as const;

export interface HttpAdapterOptions {
  readonly handlers: ApiHandlers;
  readonly keys: Pick<ApiKeys, 'find'>;
  /** @default API_CORS_DEFAULTS.origins */
  readonly corsOrigins?: readonly string[];
  /** @default HTTP_ADAPTER_DEFAULTS.bodyMaxBytes */
  readonly bodyMaxBytes?: number;
}

/** `Access-Control-Allow-Origin` for a request's Origin, as http-cors decides it. */
function allowOrigin(origin: string | undefined, origins: readonly string[]): string | undefined {
  if (origins.includes('*')) return '*';
  return origin && origins.includes(origin) ? origin : undefined;
}

function corsHeaders(req: IncomingMessage, origins: readonly string[]): Record<string, string> {
  const origin = allowOrigin(req.headers.origin, origins);
  return origin
    ? { 'access-control-allow-origin': origin, ...(origin === '*' ? {} : { vary: 'Origin' }) }
    : {};
}

/** Headers as API Gateway sends them: those without a value (http-security-headers unsets some) left out. */
function definedHeaders(headers: Readonly<Record<string, string | undefined>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}

function send(
  res: ServerResponse,
  status: number,
  headers: Readonly<Record<string, string | undefined>>,
  body?: string | Buffer,
): void {
  res.writeHead(status, {
    ...definedHeaders(headers),
    ...(body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) }),
  });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

function sendError(res: ServerResponse, error: ApiError, headers: Record<string, string>): void {
  res.req.resume();
  send(
    res,
    error.status,
    { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
    JSON.stringify(errorBody(error)),
  );
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

async function readBody(req: IncomingMessage, max: number): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > max) throw new RequestTooLargeError(max);
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return null;
  try {
    return utf8.decode(Buffer.concat(chunks));
  } catch (error) {
    throw new MalformedJsonError('its bytes are not UTF-8 text', { cause: error });
  }
}

function headersOf(req: IncomingMessage): {
  single: Record<string, string>;
  multi: Record<string, string[]>;
} {
  const single: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    const values = Array.isArray(value) ? value : [value];
    single[name] = values.join(',');
    multi[name] = values;
  }
  return { single, multi };
}

function queryOf(url: URL): {
  single: Record<string, string> | null;
  multi: Record<string, string[]> | null;
} {
  const keys = [...new Set(url.searchParams.keys())];
  if (keys.length === 0) return { single: null, multi: null };
  const single: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  for (const key of keys) {
    const values = url.searchParams.getAll(key);
    single[key] = values.at(-1) as string; // API Gateway keeps the last value
    multi[key] = values;
  }
  return { single, multi };
}

export function createApiRoute(options: HttpAdapterOptions): ApiRoute {
  const origins = options.corsOrigins ?? API_CORS_DEFAULTS.origins;
  const bodyMax = options.bodyMaxBytes ?? HTTP_ADAPTER_DEFAULTS.bodyMaxBytes;

  return async (req, res, url) => {
    const method = req.method ?? 'GET';
    const cors = corsHeaders(req, origins);
    const match = matchRoute(method === 'HEAD' ? 'GET' : method, url.pathname);

    if (method === 'OPTIONS' && match.kind !== 'not-found') {
      req.resume();
      return send(res, 204, {
        ...cors,
        'access-control-allow-methods': API_CORS_DEFAULTS.methods,
        'access-control-allow-headers': API_CORS_DEFAULTS.headers,
        'access-control-max-age': String(API_CORS_DEFAULTS.maxAge),
      });
    }
    if (match.kind === 'not-found') return sendError(res, new RouteNotFoundError(method, url.pathname), cors);
    if (match.kind === 'method-not-allowed')
      return sendError(res, new RouteNotFoundError(method, url.pathname, match.allow), {
        ...cors,
        allow: match.allow.join(', '),
      });

    const operationId: OperationId = match.operationId;
    const spec: ApiRouteSpec = API_ROUTES[operationId];
    let apiKeyId: string | null = null;
    const apiKey = req.headers['x-api-key'];
    if (spec.auth === 'apiKey') {
      if (typeof apiKey !== 'string' || apiKey === '') return sendError(res, new MissingApiKeyError(), cors);
      const entry = options.keys.find(apiKey);
      if (!entry) return sendError(res, new InvalidApiKeyError(), cors);
      apiKeyId = entry.id;
    }

    let body: string | null;
    try {
      body = await readBody(req, spec.bodyMaxBytes ?? bodyMax);
    } catch (error) {
      if (error instanceof RequestTooLargeError)
        return sendError(res, error, { ...cors, connection: 'close' });
      if (error instanceof MalformedJsonError) return sendError(res, error, cors);
      throw error;
    }

    const headers = headersOf(req);
    const query = queryOf(url);
    const requestId = randomUUID();
    const event: ApiGatewayEvent & Record<string, unknown> = {
      resource: spec.path,
      path: url.pathname,
      httpMethod: method === 'HEAD' ? 'GET' : method,
      headers: headers.single,
      multiValueHeaders: headers.multi,
      queryStringParameters: query.single,
      multiValueQueryStringParameters: query.multi,
      pathParameters: Object.keys(match.params).length > 0 ? match.params : null,
      stageVariables: null,
      body,
      isBase64Encoded: false,
      requestContext: {
        requestId,
        stage: HTTP_ADAPTER_DEFAULTS.stage,
        resourcePath: spec.path,
        httpMethod: method,
        path: url.pathname,
        identity: {
          apiKeyId,
          apiKey: spec.auth === 'apiKey' ? (apiKey as string) : null,
          sourceIp: req.socket.remoteAddress ?? null,
        },
      },
    };
    const result: ApiGatewayResult = await options.handlers[operationId](
      event,
      localLambdaContext(`tbd-local-api-${operationId}`),
    );
    const responseBody =
      result.body === undefined
        ? undefined
        : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8');
    send(res, result.statusCode, { 'x-amzn-requestid': requestId, ...result.headers }, responseBody);
  };
}
