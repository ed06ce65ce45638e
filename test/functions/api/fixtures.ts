/**
 * The API's handlers over in-memory ports: a MemoryObjectStore bucket, the MemoryPresigner, the
 * offline facs reasoner, two tenants (acme with key id `key-acme`, globex with `key-globex`), a
 * settable clock and a seeded random source. `call` invokes a route's handler with an API Gateway
 * proxy event as API Gateway would build it, and parses the JSON answer.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { OperationId } from '../../../core/contracts/api-routes.js';
import { FacsReasoner } from '../../../core/facs/facs-reasoner.js';
import type { Reasoner } from '../../../core/plan/reasoner.js';
import { type ApiDeps, apiDeps } from '../../../functions/api/api-deps.js';
import { type ApiHandlers, createApiHandlers } from '../../../functions/api/api-handlers.js';
import { MemoryPresigner } from '../../../functions/api/memory-presigner.js';
import type { Previewer } from '../../../functions/api/previewer.js';
import { tenantDirectory } from '../../../functions/api/tenancy.js';
import { localLambdaContext } from '../../../functions/shared/local-invoke.js';
import { MemoryObjectStore } from '../../../functions/shared/memory-object-store.js';

export const START = new Date('2026-03-14T09:00:00.000Z');

export const KEYS = { acme: 'key-acme', globex: 'key-globex', orphan: 'key-without-tenant' } as const;

/** A deterministic stand-in for crypto.randomBytes. */
export function seededRandom(seed = 1): (bytes: number) => Uint8Array {
  let state = seed >>> 0;
  return (bytes) => {
    const out = new Uint8Array(bytes);
    for (let i = 0; i < bytes; i++) {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      out[i] = state >>> 24;
    }
    return out;
  };
}

export interface CallOptions {
  readonly path: string;
  readonly method?: string;
  /** A string is sent as is; anything else as JSON. */
  readonly body?: unknown;
  readonly query?: Record<string, string>;
  /** @default KEYS.acme; null: no key */
  readonly apiKeyId?: string | null;
  readonly headers?: Record<string, string>;
  readonly pathParameters?: Record<string, string>;
}

export interface CallResult {
  readonly status: number;
  readonly headers: Record<string, string>;
  /** The parsed JSON: tests read it field by field, or parse it with the contract's schemas. */
  // biome-ignore lint/suspicious/noExplicitAny: a parsed JSON body, inspected freely by the tests
  readonly body: any;
  /** The bytes of a binary answer (isBase64Encoded), e.g. POST /v1/preview's PNG. */
  readonly bytes?: Buffer;
}

export interface ApiHarness {
  readonly objects: MemoryObjectStore;
  readonly presigner: MemoryPresigner;
  readonly deps: ApiDeps;
  readonly handlers: ApiHandlers;
  /** Moves the clock. */
  setNow(at: Date): void;
  call(operationId: OperationId, options: CallOptions): Promise<CallResult>;
}

export function apiHarness(options: { reasoner?: Reasoner; previewer?: Previewer } = {}): ApiHarness {
  const objects = new MemoryObjectStore('tbd');
  const presigner = new MemoryPresigner('tbd');
  let now = START;
  const reasoner = options.reasoner ?? new FacsReasoner();
  const deps = apiDeps({
    objects,
    presigner,
    reasonerFor: () => reasoner,
    tenantOf: tenantDirectory({ [KEYS.acme]: 'acme', [KEYS.globex]: 'globex' }),
    clock: () => now,
    random: seededRandom(),
    logger: new Logger({ serviceName: 'api', logLevel: 'SILENT' }),
    ...(options.previewer ? { previewer: options.previewer } : {}),
  });
  const handlers = createApiHandlers(deps);
  return {
    objects,
    presigner,
    deps,
    handlers,
    setNow: (at) => {
      now = at;
    },
    async call(operationId, call) {
      const body =
        call.body === undefined
          ? null
          : typeof call.body === 'string'
            ? call.body
            : JSON.stringify(call.body);
      const apiKeyId = call.apiKeyId === undefined ? KEYS.acme : call.apiKeyId;
      const event = {
        resource: call.path,
        path: call.path,
        httpMethod: call.method ?? 'GET',
        headers: {
          ...(body !== null ? { 'Content-Type': 'application/json' } : {}),
          Origin: 'https://studio.example',
          ...call.headers,
        },
        queryStringParameters: call.query ?? null,
        pathParameters: call.pathParameters ?? null,
        body,
        isBase64Encoded: false,
        requestContext: { requestId: 'req-1', stage: 'test', identity: { apiKeyId, sourceIp: '127.0.0.1' } },
      };
      const result = await handlers[operationId](event, localLambdaContext(`test-${operationId}`));
      const headers = Object.fromEntries(
        Object.entries(result.headers ?? {})
          .filter(([, value]) => value !== undefined)
          .map(([name, value]) => [name.toLowerCase(), String(value)]),
      );
      if (result.isBase64Encoded)
        return {
          status: result.statusCode,
          headers,
          body: undefined,
          bytes: Buffer.from(result.body ?? '', 'base64'),
        };
      return { status: result.statusCode, headers, body: result.body ? JSON.parse(result.body) : undefined };
    },
  };
}

/** The body of POST /v1/jobs with small media. */
export function createBody(overrides: Record<string, unknown> = {}) {
  return {
    emotion: 'surprised at first, then delighted',
    options: { seed: 7, steps: 8, size: 256 },
    portrait: { contentType: 'image/png', size: 64 },
    audio: { contentType: 'audio/wav', size: 64 },
    ...overrides,
  };
}

/** The environment of the POST /v1/preview Lambda (functions/api/lambda-api-deps.ts), offline. */
export const PREVIEW_LAMBDA_ENV = {
  BUCKET_NAME: 'tbd',
  API_KEY_TENANTS: `{"${KEYS.acme}":"acme"}`,
  AWS_REGION: 'eu-west-1',
  TBD_REASONER: 'facs',
  POWERTOOLS_METRICS_DISABLED: 'true',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
} as const;

/** A REST API proxy event of POST /v1/preview with the acme key, as API Gateway sends it. */
export function previewEvent(body: unknown) {
  return {
    resource: '/v1/preview',
    path: '/v1/preview',
    httpMethod: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'image/png', Origin: 'https://studio.example' },
    queryStringParameters: null,
    pathParameters: null,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    isBase64Encoded: false,
    requestContext: {
      requestId: 'req-1',
      stage: 'prod',
      identity: { apiKeyId: KEYS.acme, sourceIp: '10.0.0.1' },
    },
  };
}
